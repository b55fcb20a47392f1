/** k6's outputs land for real: InfluxDB v1 (the tutorial's) and Prometheus remote write, both by testid. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startInfluxdb, startPrometheus } from '@loadlab/local-stack';
import { waitFor } from '@loadlab/process-supervisor';
import { apiUnderTest, type ApiUnderTest, ciRun } from '@loadlab/e2e-fixtures';

describe('k6 outputs', () => {
  let api: ApiUnderTest;
  before(async () => (api = await apiUnderTest({ prefix: 'load-tests-e2e-' })));
  after(() => api.close());

  it('InfluxDB v1: the points of this run are there, by testid', async () => {
    const influx = await startInfluxdb({ dir: join(api.dir, 'influx') });
    try {
      const testid = `influx-${Date.now()}`;
      const r = await ciRun(api, 'smoke', {
        outName: 'influx-run',
        testid,
        influxdb: influx.dbUrl('k6'),
      });
      assert.equal(r.status, 'passed', r.output.slice(-1500));
      assert.deepEqual(r.outputErrors, []);
      const [series] = await influx.query(
        'k6',
        `SELECT count("value") FROM "http_reqs" WHERE "testid" = '${testid}'`,
      );
      const count = series?.values[0]?.[1];
      console.log(`figure: InfluxDB holds ${count} http_reqs points for ${testid}`);
      assert.equal(count, r.summary!.metrics.http_reqs!.values.count);
    } finally {
      await influx.stop();
    }
  });

  it('Prometheus remote write: k6_http_reqs_total for this testid', async () => {
    const prom = await startPrometheus({
      dir: join(api.dir, 'prom'),
      config: { global: { scrape_interval: '15s' } },
    });
    try {
      const testid = `rw-${Date.now()}`;
      const r = await ciRun(api, 'smoke', {
        outName: 'rw-run',
        testid,
        prometheusRw: prom.remoteWriteUrl,
      });
      assert.equal(r.status, 'passed', r.output.slice(-1500));
      assert.deepEqual(r.outputErrors, []);
      const total = await waitFor(
        async () => {
          const samples = await prom.api.query(`sum(k6_http_reqs_total{testid="${testid}"})`);
          return samples[0]?.value;
        },
        { what: 'k6 samples in Prometheus', timeoutMs: 15_000, intervalMs: 250 },
      );
      console.log(`figure: Prometheus holds k6_http_reqs_total=${total} for ${testid}`);
      assert.equal(total, r.summary!.metrics.http_reqs!.values.count);
      // Durations arrive as native histograms (summable across generators): a p95 of this run.
      const [p95] = await prom.api.query(
        `histogram_quantile(0.95, sum(k6_http_req_duration_seconds{testid="${testid}"}))`,
      );
      assert.ok(p95 && p95.value > 0, 'durations are written as native histograms too');
    } finally {
      await prom.stop();
    }
  });
});
