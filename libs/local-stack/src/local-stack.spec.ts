/** The real services start on free loopback ports, do their job, and stop by PID. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { startCrocodileApi, type RunningApi } from './crocodile-api.ts';
import { startInfluxdb } from './influxdb.ts';
import { assertPortFree, freePort } from './ports.ts';
import { startPrometheus } from './prometheus.ts';
import { MissingBinaryError, requireBinary } from './require-binary.ts';
import { waitFor } from './wait-for.ts';

describe('local stack', () => {
  let dir: string;
  let api: RunningApi;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'local-stack-'));
    api = await startCrocodileApi({ dbFile: join(dir, 'db.json'), env: { LOG_LEVEL: 'warn' } });
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

  it('says clearly when a chosen port is taken', async () => {
    await assert.rejects(
      assertPortFree(Number(new URL(api.url).port), 'Prometheus'),
      /port \d+ for Prometheus is already in use/,
    );
    await assertPortFree(await freePort(), 'Prometheus');
  });

  it('says how to install a missing program', () => {
    assert.throws(
      () => requireBinary('no-such-program-here', 'apt-get install -y it'),
      (e: Error) =>
        e instanceof MissingBinaryError &&
        /no-such-program-here not found on PATH; install it: apt-get install -y it/.test(e.message),
    );
  });
});
