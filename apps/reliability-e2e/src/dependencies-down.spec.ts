/**
 * Dependencies going down, for real: Prometheus (the API must not care) and
 * InfluxDB in the middle of a k6 run (k6 keeps going, the run says the output
 * failed). A down k6 target is "could not run": libs/verdict/src/slo/evaluate.spec.ts.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { runSuite } from '@loadlab/k6-runner';
import {
  startCrocodileApi,
  startInfluxdb,
  startPrometheus,
  type RunningApi,
} from '@loadlab/local-stack';
import { CROCODILE_API_MAIN, WORKSPACE_K6 } from '@loadlab/workspace';
import { waitFor } from '@loadlab/process-supervisor';
import { APP_JOB, localPrometheusConfig } from '@loadlab/prometheus-config';
import { makeTempDir, type TempDir } from '@loadlab/testkit';

describe('dependencies down', () => {
  let dir: TempDir;
  let api: RunningApi;
  before(async () => {
    dir = await makeTempDir('deps-');
    api = await startCrocodileApi({
      main: CROCODILE_API_MAIN,
      dbFile: join(dir.path, 'db.json'),
      env: { LOG_LEVEL: 'warn' },
    });
  });
  after(async () => {
    await api.stop();
    await dir.remove();
  });

  it('Prometheus down: the API is unaffected', async () => {
    const prom = await startPrometheus({
      dir: join(dir.path, 'prom'),
      config: localPrometheusConfig([{ address: new URL(api.url).host, pod: 'p0' }]),
    });
    await waitFor(async () => (await prom.api.query(`up{job="${APP_JOB}"}`))[0]?.value === 1, {
      what: 'a scrape',
      timeoutMs: 20_000,
    });
    await prom.proc.stop('SIGKILL');
    const run = await runSuite({
      ...WORKSPACE_K6,
      suite: 'smoke',
      baseUrl: api.url,
      profile: 'ci',
      outDir: join(dir.path, 'smoke'),
    });
    assert.equal(run.status, 'passed');
    assert.equal((await fetch(`${api.url}/metrics`)).status, 200);
    console.log(
      `figure: Prometheus killed; smoke afterwards: ${run.summary!.metrics.http_reqs!.values.count} requests, ${run.summary!.metrics.http_req_failed!.values.rate} failed`,
    );
  });

  it('InfluxDB down mid-run: k6 keeps running and the run reports the output failure', async () => {
    const influx = await startInfluxdb({ dir: join(dir.path, 'influx') });
    const running = runSuite({
      ...WORKSPACE_K6,
      suite: 'ramp',
      baseUrl: api.url,
      profile: 'ci',
      outDir: join(dir.path, 'ramp'),
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
