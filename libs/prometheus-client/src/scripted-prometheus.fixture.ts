/**
 * Test fixture (not shipped): a scripted Prometheus, a small HTTP server on an ephemeral port that
 * answers what a test tells it to, for what a real Prometheus cannot do on demand: an HTML page
 * with status 200, a timeout, a null result, NaN series, histograms where floats were asked.
 * `forwardTo` sends every query the script leaves alone to a real Prometheus.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  readonly status?: number;
  /** A string is sent as is; anything else as JSON. */
  readonly body: unknown;
  readonly contentType?: string;
  /** Answer this late (a timeout). */
  readonly delayMs?: number;
}

/** The answer for a request, or undefined to forward it (or 404 without forwardTo). */
export type Script = (path: string, params: URLSearchParams) => Answer | undefined;

export interface ScriptedPrometheus {
  readonly url: string;
  /** Every query asked, in order. */
  readonly queries: string[];
  close(): Promise<void>;
}

const paramsOf = async (req: IncomingMessage, url: URL) => {
  if (req.method !== 'POST') return url.searchParams;
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return new URLSearchParams(body);
};

export async function startScriptedPrometheus(
  script: Script,
  o: { forwardTo?: string } = {},
): Promise<ScriptedPrometheus> {
  const queries: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const params = await paramsOf(req, url);
      if (params.get('query')) queries.push(params.get('query')!);
      let a =
        url.pathname === '/-/ready'
          ? { body: 'Prometheus is Ready.\n' }
          : script(url.pathname, params);
      if (!a && o.forwardTo) {
        const r = await fetch(`${o.forwardTo}${url.pathname}?${params}`);
        a = { status: r.status, body: await r.text(), contentType: 'application/json' };
      }
      a ??= { status: 404, body: '404 page not found\n', contentType: 'text/plain' };
      const send = () => {
        const text = typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
        res.writeHead(a.status ?? 200, {
          'content-type':
            a.contentType ?? (typeof a.body === 'string' ? 'text/html' : 'application/json'),
        });
        res.end(text);
      };
      if (a.delayMs) {
        const t = setTimeout(() => (timers.delete(t), send()), a.delayMs);
        timers.add(t);
      } else send();
    })().catch((err: Error) => {
      res.writeHead(500);
      res.end(err.message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A successful API answer. */
export const success = (data: unknown): Answer => ({ body: { status: 'success', data } });
