/** crocodile-api as a real process on 127.0.0.1 (its source, run by Node 24), ready when /readyz says so. */
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './paths.ts';
import { assertPortFree, freePort } from './ports.ts';
import { startProcess, type Proc } from './process.ts';
import { waitFor } from './wait-for.ts';

export interface RunningApi {
  readonly url: string;
  readonly port: number;
  readonly proc: Proc;
  stop(): Promise<number | string>;
}

export const API_MAIN = join(WORKSPACE_ROOT, 'apps/crocodile-api/src/main.ts');

export async function startCrocodileApi(o: {
  dbFile: string;
  port?: number;
  env?: Record<string, string>;
  logFile?: string;
  nodeArgs?: readonly string[];
}): Promise<RunningApi> {
  const port = o.port ?? (await freePort());
  if (o.port) await assertPortFree(o.port, 'crocodile-api');
  const proc = startProcess(process.execPath, [...(o.nodeArgs ?? []), API_MAIN], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DB_FILE: o.dbFile, ...o.env },
    logFile: o.logFile,
  });
  const url = `http://127.0.0.1:${port}`;
  const ready = async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200;
  try {
    await Promise.race([
      waitFor(ready, { what: `crocodile-api on ${url}`, timeoutMs: 20_000, intervalMs: 50 }),
      proc.exited.then((code) => {
        throw new Error(
          `crocodile-api exited (${code}) while starting: ${proc.output().slice(-2000)}`,
        );
      }),
    ]);
  } catch (err) {
    await proc.stop('SIGKILL');
    throw err;
  }
  return { url, port, proc, stop: () => proc.stop() };
}
