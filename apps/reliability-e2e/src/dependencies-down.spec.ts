/**
 * Dependencies going down, for real: Prometheus (the API must not care) and
 * InfluxDB in the middle of a k6 run (k6 keeps going, the run says the output
 * failed). A down k6 target is "could not run": libs/verdict/src/slo/evaluate.spec.ts.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiUnderTest, type ApiUnderTest, ciRun } from '@loadlab/e2e-fixtures';
import { startInfluxdb, startPrometheus } from '@loadlab/local-stack';
import { waitFor } from '@loadlab/process-supervisor';
import { APP_JOB, localPrometheusConfig } from '@loadlab/prometheus-config';

describe('dependencies down', () => {
  let api: ApiUnderTest;
  before(async () => (api = await apiUnderTest({ prefix: 'deps-' })));
  after(() => api.close());

  it('Prometheus down: the API is unaffected', async () => {
    const prom = await startPrometheus({
      dir: join(api.dir, 'prom'),
      config: localPrometheusConfig([{ address: new URL(api.url).host, pod: 'p0' }]),
    });
    await waitFor(async () => (await prom.api.query(`up{job="${APP_JOB}"}`))[0]?.value === 1, {
      what: 'a scrape',
      timeoutMs: 20_000,
    });
    await prom.proc.stop('SIGKILL');
    const run = await ciRun(api, 'smoke');
    assert.equal(run.status, 'passed');
    assert.equal((await fetch(`${api.url}/metrics`)).status, 200);
    console.log(
      `figure: Prometheus killed; smoke afterwards: ${run.summary!.metrics.http_reqs!.values.count} requests, ${run.summary!.metrics.http_req_failed!.values.rate} failed`,
    );
  });

  it('InfluxDB down mid-run: k6 keeps running and the run reports the output failure', async () => {
    const influx = await startInfluxdb({ dir: join(api.dir, 'influx') });
    const running = ciRun(api, 'ramp', {
      influxdb: influx.dbUrl('k6'),
    });
    await sleep(5000);
    await influx.proc.stop('SIGKILL');
    const run = await running;
    console.log(
      `figure: InfluxDB killed at 5 s; k6 ${run.status} with ${run.summary?.metrics.http_reqs?.values.count} requests; ${run.outputErrors.length} output errors, e.g. ${run.outputErrors[0]?.slice(0, 140)}`,
    );
    assert.equal(run.status, 'passed', 'the load test itself went on');
    assert.ok(run.outputErrors.length > 0, 'and says its InfluxDB output failed');
    assert.ok(run.outputErrors.some((e) => /influx/i.test(e)));
  });
});
