/**
 * Test fixture (not shipped: production inputs leave out *.fixture.ts). A real Prometheus whose
 * TSDB holds the series a spec writes before it starts (promtool backfill, scraped every 15 s),
 * for the specs that judge recorded data. Registers the suite's before and after hooks: started
 * in before, stopped and its folder removed in after.
 */
import { join } from 'node:path';
import { after, before } from 'node:test';
import { startPrometheus, type RunningPrometheus } from '@loadlab/local-stack';
import { OpenMetricsWriter, type PrometheusApi } from '@loadlab/prometheus-client';
import { makeTempDir, type TempDir } from '@loadlab/testkit';

export interface BackfilledPrometheus {
  readonly url: string;
  readonly api: PrometheusApi;
  /** The suite's temporary folder (Prometheus keeps its TSDB in prom/ below it). */
  readonly dir: string;
}

/** Call inside a describe: `write` fills a writer whose time 0 is `start` (unix seconds). */
export function backfilledPrometheus(
  prefix: string,
  start: number,
  write: (w: OpenMetricsWriter) => void,
): BackfilledPrometheus {
  let dir: TempDir | undefined;
  let prom: RunningPrometheus | undefined;
  before(async () => {
    dir = await makeTempDir(prefix);
    const w = new OpenMetricsWriter(start);
    write(w);
    prom = await startPrometheus({
      dir: join(dir.path, 'prom'),
      config: { global: { scrape_interval: '15s' } },
      backfill: w.toString(),
    });
  });
  after(async () => {
    await prom?.stop();
    await dir?.remove();
  });
  const started = () => {
    if (!prom || !dir) throw new Error('backfilledPrometheus: read before its before hook ran');
    return { prom, dir };
  };
  return {
    get url() {
      return started().prom.url;
    },
    get api() {
      return started().prom.api;
    },
    get dir() {
      return started().dir.path;
    },
  };
}
