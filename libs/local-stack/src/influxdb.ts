/** Debian's InfluxDB 1.6 (the tutorial's k6 output), run on 127.0.0.1 with its data in the caller's folder. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  assertPortFree,
  freePort,
  requireBinary,
  startProcess,
  waitUntilReady,
  type Proc,
} from '@loadlab/process-supervisor';

export interface RunningInfluxdb {
  readonly url: string;
  readonly proc: Proc;
  /** The k6 output URL for a database, e.g. http://127.0.0.1:8086/k6 */
  dbUrl(db: string): string;
  /** InfluxQL; returns the `series` of the first statement's result. */
  query(db: string, q: string): Promise<{ name: string; columns: string[]; values: unknown[][] }[]>;
  stop(): Promise<void>;
}

export async function startInfluxdb(o: { dir: string; port?: number }): Promise<RunningInfluxdb> {
  const binary = requireBinary('influxd', 'apt-get install -y influxdb (./loadlab setup does it)');
  const port = o.port ?? (await freePort());
  if (o.port) await assertPortFree(o.port, 'InfluxDB');
  const rpcPort = await freePort();
  await mkdir(o.dir, { recursive: true });
  const configFile = join(o.dir, 'influxdb.conf');
  const d = (sub: string) => JSON.stringify(join(o.dir, sub));
  await writeFile(
    configFile,
    [
      'reporting-disabled = true',
      `bind-address = "127.0.0.1:${rpcPort}"`,
      `[meta]\n  dir = ${d('meta')}`,
      `[data]\n  dir = ${d('data')}\n  wal-dir = ${d('wal')}\n  query-log-enabled = false`,
      `[http]\n  bind-address = "127.0.0.1:${port}"\n  log-enabled = false\n  auth-enabled = false`,
      '[monitor]\n  store-enabled = false',
      '[logging]\n  level = "warn"',
      '',
    ].join('\n'),
  );
  const proc = startProcess(binary, ['run', '-config', configFile], {
    logFile: join(o.dir, 'influxd.log'),
  });
  const url = `http://127.0.0.1:${port}`;
  const ping = async () => (await fetch(`${url}/ping`).catch(() => undefined))?.status === 204;
  await waitUntilReady(proc, ping, {
    what: `answering /ping on ${url}`,
    timeoutMs: 30_000,
    intervalMs: 100,
    stopSignal: 'SIGKILL',
  });
  return {
    url,
    proc,
    dbUrl: (db) => `${url}/${db}`,
    async query(db, q) {
      const res = await fetch(`${url}/query?${new URLSearchParams({ db, q })}`);
      const body = (await res.json()) as {
        results?: { series?: any[]; error?: string }[];
        error?: string;
      };
      const first = body.results?.[0];
      if (!res.ok || body.error || first?.error)
        throw new Error(`InfluxDB query failed: ${body.error ?? first?.error ?? res.status}`);
      return first?.series ?? [];
    },
    stop: async () => void (await proc.stop()),
  };
}
