import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A loopback port that was free a moment ago, for processes that must be told their port up front. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export class PortInUseError extends Error {}

/** Fails with a clear message when a port the user chose is taken. */
export async function assertPortFree(port: number, what: string): Promise<void> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new PortInUseError(
      code === 'EADDRINUSE'
        ? `port ${port} for ${what} is already in use; choose another or omit it to pick a free one`
        : `cannot use port ${port} for ${what}: ${(err as Error).message}`,
    );
  } finally {
    await new Promise((r) => server.close(r));
  }
}
