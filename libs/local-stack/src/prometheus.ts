/**
 * Debian's Prometheus 2.42, run on 127.0.0.1 (or the host given) with the remote-write receiver on
 * (k6 writes there), its TSDB in a folder of the caller's, stopped by PID.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { backfill, PrometheusApi } from '@loadlab/prometheus-client';
import {
  assertPortFree,
  freePort,
  requireBinary,
  startProcess,
  waitUntilReady,
  type Proc,
} from '@loadlab/process-supervisor';

export interface PrometheusOptions {
  readonly dir: string;
  /** prometheus.yml content; JSON is valid YAML, so an object is written as JSON. */
  readonly config: object;
  /**
   * Address to listen on (default 127.0.0.1). A real node's pods reach the host on the node's
   * bridge address only (local-cluster's NODE_IP), e.g. for k6 runner pods' remote write.
   */
  readonly host?: string;
  /** Fixed port (checked free), or a free one. */
  readonly port?: number;
  /** Extra flags, e.g. --storage.tsdb.retention.time */
  readonly args?: readonly string[];
  /** OpenMetrics text written into the TSDB before it starts (promtool backfill): recorded series. */
  readonly backfill?: string;
}

export interface RunningPrometheus {
  readonly url: string;
  readonly remoteWriteUrl: string;
  readonly api: PrometheusApi;
  readonly proc: Proc;
  readonly configFile: string;
  stop(): Promise<void>;
}

export async function startPrometheus(o: PrometheusOptions): Promise<RunningPrometheus> {
  const binary = requireBinary(
    'prometheus',
    'apt-get install -y prometheus (./loadlab setup does it)',
  );
  const host = o.host ?? '127.0.0.1';
  const port = o.port ?? (await freePort());
  if (o.port) await assertPortFree(o.port, 'Prometheus');
  await mkdir(o.dir, { recursive: true });
  if (o.backfill !== undefined) backfill(o.backfill, o.dir);
  const configFile = join(o.dir, 'prometheus.yml');
  await writeFile(configFile, JSON.stringify(o.config, null, 2));
  const proc = startProcess(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(o.dir, 'tsdb')}`,
      `--web.listen-address=${host}:${port}`,
      '--web.enable-remote-write-receiver',
      // k6 sends request durations as native histograms (summable across load generators).
      '--enable-feature=native-histograms',
      '--log.level=warn',
      ...(o.args ?? []),
    ],
    { name: 'Prometheus', logFile: join(o.dir, 'prometheus.log') },
  );
  const url = `http://${host}:${port}`;
  const api = new PrometheusApi(url);
  await waitUntilReady(proc, () => api.ready(), {
    what: `being ready on ${url}`,
    timeoutMs: 30_000,
    intervalMs: 100,
    stopSignal: 'SIGKILL',
  });
  return {
    url,
    remoteWriteUrl: `${url}/api/v1/write`,
    api,
    proc,
    configFile,
    stop: async () => void (await proc.stop()),
  };
}
