/**
 * Listens and shuts down the way Kubernetes expects: on SIGTERM readiness fails
 * first, then the listener closes, in-flight requests finish, pending writes
 * reach the disk, and the process exits before the grace period runs out.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { Lifecycle } from './http/lifecycle.ts';

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  /** Drains and closes; resolves true when everything finished in time. */
  shutdown(reason: string): Promise<boolean>;
}

export class ListenError extends Error {}

/** Sockets by the number of requests they are serving right now. */
function trackIdleSockets(server: Server) {
  const busy = new Map<Socket, number>();
  server.on('connection', (socket: Socket) => {
    busy.set(socket, 0);
    socket.once('close', () => busy.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    res.once('close', () => {
      if (busy.has(socket)) busy.set(socket, Math.max(0, busy.get(socket)! - 1));
    });
  });
  return {
    closeAll() {
      for (const [socket, n] of busy) if (n === 0) socket.destroy();
    },
  };
}

/** Replies on a connection older than maxAgeMs say `Connection: close`; the client reconnects. */
function closeOldConnections(server: Server, maxAgeMs: number) {
  if (maxAgeMs === 0) return;
  const opened = new WeakMap<Socket, number>();
  server.on('connection', (socket) => opened.set(socket, Date.now()));
  // Before the app's listener, so the header is set before anything is written.
  server.prependListener('request', (req, res) => {
    if (Date.now() - (opened.get(req.socket) ?? 0) >= maxAgeMs)
      res.setHeader('Connection', 'close');
  });
}

export async function startServer(
  app: Express,
  config: Config,
  { lifecycle, logger, db }: { lifecycle: Lifecycle; logger: Logger; db: Database },
): Promise<RunningServer> {
  const server = createServer(
    {
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: config.headersTimeoutMs,
      // How often Node checks those timeouts (its default, 30 s, would let a slow client linger).
      connectionsCheckingInterval: Math.min(1000, config.headersTimeoutMs),
    },
    app,
  );
  closeOldConnections(server, config.maxConnectionAgeMs);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const where = `${config.host}:${config.port}`;
      if (err.code === 'EADDRINUSE')
        reject(
          new ListenError(
            `PORT ${config.port} is already in use on ${config.host}; stop the other process or set PORT`,
          ),
        );
      else if (err.code === 'EACCES')
        reject(new ListenError(`not allowed to listen on ${where}; use a PORT above 1023`));
      else
        reject(new ListenError(`cannot listen on ${where}: ${err.message}; check HOST and PORT`));
    });
    server.listen(config.port, config.host, resolve);
  });
  const idle = trackIdleSockets(server);
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  lifecycle.phase = 'ready';
  logger.info({ url, db: db.file }, 'listening');
  logger.flush(); // logs are buffered; operators and supervisors want this line now

  let shuttingDown: Promise<boolean> | undefined;
  const shutdown = (reason: string) =>
    (shuttingDown ??= (async () => {
      lifecycle.phase = 'draining';
      logger.info({ reason, delayMs: config.shutdownDelayMs }, 'draining: readiness is now 503');
      if (config.shutdownDelayMs) await sleep(config.shutdownDelayMs);

      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // close() drops idle keep-alive sockets only once; requests that were already
      // in flight leave theirs idle later, so sweep until the server has closed.
      // Node's closeIdleConnections() skips sockets that never sent a request (they
      // count as waiting for headers), so 50 such sockets held the drain for the full
      // timeout. Every socket not serving a request is closed now, the rest as they finish.
      idle.closeAll();
      const sweep = setInterval(() => idle.closeAll(), 50);
      let forced = false;
      const timer = setTimeout(() => {
        forced = true;
        logger.warn(
          { timeoutMs: config.shutdownTimeoutMs },
          'drain timed out; closing the remaining connections',
        );
        server.closeAllConnections();
      }, config.shutdownTimeoutMs);
      await closed;
      clearTimeout(timer);
      clearInterval(sweep);
      // Pending writes reach the disk, then the WAL is checkpointed and the lock released.
      let warning: string | undefined;
      try {
        warning = await db.close();
      } catch (err) {
        logger.error({ err }, 'the database did not close cleanly');
        return false;
      }
      if (warning) logger.warn({ warning }, 'the database closed with a warning');
      logger.info({ forced, ...db.commits.stats }, 'stopped');
      return !forced;
    })());

  return { server, url, shutdown };
}
