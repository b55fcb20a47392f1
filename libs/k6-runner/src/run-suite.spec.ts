import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { K6NotFoundError, resolveK6 } from './paths.ts';
import { k6Args, newTestid, runSuite } from './run-suite.ts';
import { parseSummary, thresholdResults } from './summary.ts';

describe('k6Args', () => {
  it('passes the target, profile, testid, summary path and scaling policy as -e, then the outputs', () => {
    const args = k6Args(
      {
        suite: 'ramp',
        bundleDir: '/w/dist/apps/load-tests',
        endpoint: 'http://10.0.0.7:4000/crocodiles',
        profile: 'ci',
        outDir: '/x',
        prometheusRw: 'http://p/api/v1/write',
        influxdb: 'http://i:8086/k6',
        env: { P95_MS: '500' },
      },
      'ramp-1',
      '/x/summary.json',
    );
    const e = args.filter((_, i) => args[i - 1] === '-e');
    assert.deepEqual(e, [
      'ENDPOINT=http://10.0.0.7:4000/crocodiles',
      'PROFILE=ci',
      'TESTID=ramp-1',
      'SUMMARY_PATH=/x/summary.json',
      'SCALE_THRESHOLD=50',
      'SCALE_MAX_REPLICAS=10',
      'P95_MS=500',
    ]);
    assert.deepEqual(
      args.filter((_, i) => args[i - 1] === '--out'),
      ['experimental-prometheus-rw', 'influxdb=http://i:8086/k6'],
    );
    assert.match(args.at(-1)!, /dist\/apps\/load-tests\/ramp\.js$/);
  });

  it('makes sortable testids', () => {
    const at = new Date('2026-11-28T04:05:06.789Z');
    assert.match(newTestid('load', at), /^load-20261128T040506-[0-9a-f]{4}$/);
    assert.notEqual(newTestid('load', at), newTestid('load', at), 'two runs in one second differ');
  });
});

describe('k6 summaries', () => {
  it('lists thresholds with their results', () => {
    const s = parseSummary(
      JSON.stringify({
        suite: 'load',
        testid: 't',
        profile: 'ci',
        metrics: {
          http_req_duration: {
            type: 'trend',
            values: {},
            thresholds: { 'p(95)<700': { ok: false } },
          },
        },
      }),
      'summary.json',
    );
    assert.deepEqual(thresholdResults(s), [
      { metric: 'http_req_duration', expression: 'p(95)<700', ok: false },
    ]);
  });

  it('rejects a summary that is not ours, naming the file', () => {
    assert.throws(
      () => parseSummary('{"x":1}', '/r/summary.json'),
      /k6 summary \/r\/summary\.json has no metrics/,
    );
    assert.throws(
      () => parseSummary('{', '/r/summary.json'),
      /k6 summary \/r\/summary\.json is not valid JSON/,
    );
  });
});

describe('runSuite could-not-run', () => {
  it('without a target', async () => {
    const r = await runSuite({ suite: 'smoke', outDir: tmpdir(), bundleDir: tmpdir() });
    assert.equal(r.status, 'could-not-run');
    assert.match(r.reason!, /pass --base-url or --endpoint/);
  });

  it('with an -e of a variable the run sets from its own options, naming each', async () => {
    const r = await runSuite({
      suite: 'smoke',
      baseUrl: 'http://127.0.0.1:1',
      outDir: tmpdir(),
      bundleDir: tmpdir(),
      env: { RATE: '300', TESTID: 'bad id/../x', TIME_SCALE: '500' },
    });
    assert.equal(r.status, 'could-not-run');
    assert.equal(
      r.reason,
      '-e TESTID, TIME_SCALE: set by the run itself; use the testid option and the time scale option instead',
    );
  });

  it('for a suite that has no bundle', async () => {
    const r = await runSuite({
      suite: 'nope',
      baseUrl: 'http://127.0.0.1:1',
      outDir: tmpdir(),
      bundleDir: tmpdir(),
    });
    assert.equal(r.status, 'could-not-run');
    assert.match(r.reason!, /no bundle for suite "nope".*nx run load-tests:build/);
  });

  it('when K6 points nowhere', () => {
    assert.throws(
      () => resolveK6({ K6: '/no/such/k6' }),
      (e: Error) =>
        e instanceof K6NotFoundError && /K6=\/no\/such\/k6 does not exist/.test(e.message),
    );
  });
});
