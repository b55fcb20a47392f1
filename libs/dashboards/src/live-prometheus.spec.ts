/**
 * Every app-side and k6 PromQL expression of the dashboards returns data from a
 * real Prometheus after a real k6 run against crocodile-api.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apiUnderTest, type ApiUnderTest, ciRun } from '@loadlab/e2e-fixtures';
import { startPrometheus, type RunningPrometheus } from '@loadlab/local-stack';
import { waitFor } from '@loadlab/process-supervisor';
import { APP_JOB, localPrometheusConfig } from '@loadlab/prometheus-config';
import { isClusterQuery, panelQueries, substitute } from './test-support.ts';

describe('dashboards against a live Prometheus', () => {
  let api: ApiUnderTest;
  let prom: RunningPrometheus;
  let testid: string;
  let window: { start: Date; end: Date };

  before(async () => {
    api = await apiUnderTest({ prefix: 'dashboards-live-' });
    prom = await startPrometheus({
      dir: join(api.dir, 'prom'),
      config: localPrometheusConfig([{ address: new URL(api.url).host, pod: 'crocodile-api-0' }]),
    });
    await waitFor(async () => (await prom.api.query(`up{job="${APP_JOB}"}`))[0]?.value === 1, {
      what: 'the first scrape',
      timeoutMs: 20_000,
    });
    // The ramp at CI scale: ~27 s of load, checks and VUs; the final scrape lands 5 s after it.
    const run = await ciRun(api, 'ramp', { outName: 'run', prometheusRw: prom.remoteWriteUrl });
    assert.equal(run.status, 'passed', run.output.slice(-1000));
    testid = run.testid;
    await new Promise((r) => setTimeout(r, 6000));
    window = { start: run.startedAt, end: new Date() };
  });
  after(async () => {
    await prom?.stop();
    await api?.close();
  });

  for (const file of ['crocodile-load-test.json', 'k6-results.json']) {
    it(`${file}: every app and k6 query returns data`, async () => {
      const live = panelQueries(file).filter((q) => !isClusterQuery(q.query));
      assert.ok(live.length >= 5);
      const empty: string[] = [];
      for (const q of live) {
        const expr = substitute(q.query, {
          namespace: 'local',
          app: 'crocodile-api',
          testid,
          __rate_interval: '30s',
        });
        const series = await prom.api.queryRange(expr, window.start, window.end, 5);
        const points = series.flatMap((s) => s.values).filter(([, v]) => Number.isFinite(v));
        if (!points.length) empty.push(`${q.panel} / ${q.legend}: ${expr}`);
      }
      console.log(
        `figure: ${file} ${live.length - empty.length}/${live.length} live queries returned data`,
      );
      assert.deepEqual(empty, []);
    });
  }
});
