/** The real services start on free loopback ports, do their job, and stop by PID. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { waitFor } from '@loadlab/process-supervisor';
import { CROCODILE_API_MAIN } from '@loadlab/workspace';
import { startCrocodileApi, type RunningApi } from './crocodile-api.ts';
import { startInfluxdb } from './influxdb.ts';
import { startPrometheus } from './prometheus.ts';

describe('local stack', () => {
  let dir: string;
  let api: RunningApi;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'local-stack-'));
    api = await startCrocodileApi({
      main: CROCODILE_API_MAIN,
      dbFile: join(dir, 'db.json'),
      env: { LOG_LEVEL: 'warn' },
    });
  });
  after(async () => {
    await api.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('Prometheus scrapes crocodile-api and stops by PID', async () => {
    const target = new URL(api.url).host;
    const prom = await startPrometheus({
      dir: join(dir, 'prom'),
      config: {
        global: { scrape_interval: '1s' },
        scrape_configs: [{ job_name: 'api', static_configs: [{ targets: [target] }] }],
      },
    });
    try {
      await fetch(`${api.url}/crocodiles`);
      const up = await waitFor(
        async () => (await prom.api.query('node_http_requests_total{route="/crocodiles"}'))[0],
        { what: 'the first scrape', timeoutMs: 20_000, intervalMs: 250 },
      );
      assert.equal(up.metric.appName, 'crocodile-api');
    } finally {
      await prom.stop();
    }
    assert.notEqual(
      prom.proc.child.exitCode ?? prom.proc.child.signalCode,
      null,
      'the process has exited',
    );
  });

  it('InfluxDB stores and returns points', async () => {
    const influx = await startInfluxdb({ dir: join(dir, 'influx') });
    try {
      await influx.query('', 'CREATE DATABASE probe');
      const w = await fetch(`${influx.url}/write?db=probe`, {
        method: 'POST',
        body: 'm,tag=a value=42',
      });
      assert.equal(w.status, 204);
      const [series] = await influx.query('probe', 'SELECT value FROM m');
      assert.equal(series!.values[0]![1], 42);
    } finally {
      await influx.stop();
    }
  });

  it('reports the port crocodile-api really bound, whatever its log level', async () => {
    // LOG_LEVEL=warn hides the "listening" line, so the port comes from the process itself.
    assert.ok(api.port > 0);
    assert.equal(api.url, `http://127.0.0.1:${api.port}`);
    assert.equal((await fetch(`${api.url}/readyz`)).status, 200);
    const info = await startCrocodileApi({
      main: CROCODILE_API_MAIN,
      dbFile: join(dir, 'info.json'),
      env: { LOG_LEVEL: 'info' },
    });
    try {
      assert.notEqual(info.port, api.port);
      assert.match(info.proc.output(), new RegExp(`"url":"${info.url}"`));
      assert.equal((await fetch(`${info.url}/readyz`)).status, 200);
    } finally {
      await info.stop();
    }
  });

  it('says clearly when the port chosen for crocodile-api is taken', async () => {
    await assert.rejects(
      startCrocodileApi({ main: CROCODILE_API_MAIN, dbFile: join(dir, 'x.json'), port: api.port }),
      /port \d+ for crocodile-api is already in use/,
    );
  });

  it('says why crocodile-api did not start, without waiting for the timeout', async () => {
    // "exited (78)", not "timed out": polling stopped when the process died.
    await assert.rejects(
      startCrocodileApi({
        main: CROCODILE_API_MAIN,
        dbFile: join(dir, 'bad.json'),
        env: { LOG_LEVEL: 'loud' },
      }),
      /crocodile-api exited \(78\) before being ready[\s\S]*LOG_LEVEL must be one of/,
    );
  });
});
