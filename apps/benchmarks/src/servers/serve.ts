/**
 * How every benchmark server runs: on 127.0.0.1 and an ephemeral port it
 * announces on stdout (the bench waits for that line), and exiting cleanly on
 * SIGTERM so that `node --cpu-prof` gets to write its profile.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LISTENING_LINE = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

export function serve(handler: RequestListener): void {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    });
  }
}
