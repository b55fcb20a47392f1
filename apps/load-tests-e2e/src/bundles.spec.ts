/** Every suite is bundled into one self-contained file that k6 itself accepts, with the intended shape. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bundlePath, readSuiteCatalog, resolveK6 } from '@loadlab/k6-runner';
import { runSync } from '@loadlab/process-supervisor';
import { K6_BUNDLE_DIR, LOCAL_K6, WORKSPACE_ROOT } from '@loadlab/workspace';

// The one list (apps/load-tests/suites.json), as load-tests:build carries it.
const suites = Object.keys(readSuiteCatalog(K6_BUNDLE_DIR).suites);

function inspect(suite: string, env: Record<string, string> = {}): any {
  const args = ['inspect', '-e', 'BASE_URL=http://127.0.0.1:1', '-e', 'RATE=600'];
  for (const [k, v] of Object.entries(env)) args.push('-e', `${k}=${v}`);
  return JSON.parse(
    runSync(resolveK6(process.env, LOCAL_K6), [...args, bundlePath(K6_BUNDLE_DIR, suite)], {
      timeoutMs: 30_000,
    }).stdout,
  );
}
const secondsOf = (d: string) =>
  [...d.matchAll(/(\d+)(h|m|s)/g)].reduce(
    (t, [, n, u]) => t + Number(n) * { h: 3600, m: 60, s: 1 }[u as 'h']!,
    0,
  );

describe('k6 bundles', () => {
  it('has a suite file and a bundle for every suite of the catalog, and no other', () => {
    assert.deepEqual(
      readdirSync(join(WORKSPACE_ROOT, 'apps/load-tests/src/suites'))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => f.replace(/\.ts$/, ''))
        .sort(),
      [...suites].sort(),
    );
    assert.deepEqual(
      readdirSync(K6_BUNDLE_DIR)
        .filter((f) => f.endsWith('.js'))
        .sort(),
      suites.map((s) => `${s}.js`).sort(),
    );
  });

  for (const suite of suites) {
    it(`${suite}: imports nothing but k6 modules, and k6 accepts it`, () => {
      const code = readFileSync(bundlePath(K6_BUNDLE_DIR, suite), 'utf8');
      const imports = [...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
      assert.ok(imports.length > 0);
      assert.deepEqual(
        imports.filter((i) => i !== 'k6' && !i!.startsWith('k6/')),
        [],
      );
      // capacity runs one scenario per plateau, each judged on its own (its own test below).
      if (suite === 'capacity') return;
      const options = inspect(suite);
      assert.ok(Object.keys(options.scenarios).length === 1, 'one named scenario');
      assert.deepEqual(options.thresholds.http_req_duration, ['p(95)<700', 'p(99)<1500']);
      assert.equal(options.tags.suite, suite);
    });
  }

  it('capacity: one constant-arrival-rate scenario per plateau, each with its own SLO thresholds', () => {
    const o = inspect('capacity', { PLATEAUS: '10,20', PLATEAU_SECONDS: '5' });
    assert.deepEqual(Object.keys(o.scenarios).sort(), ['plateau-00', 'plateau-01']);
    assert.equal(o.scenarios['plateau-01'].rate, 20);
    assert.equal(secondsOf(o.scenarios['plateau-01'].startTime), 5);
    assert.equal(o.thresholds['http_req_duration{scenario:plateau-01}'][0].threshold, 'p(95)<700');
    assert.equal(o.tags.suite, 'capacity');
    for (const [bad, rule] of [
      ['20,10', 'ascending'],
      ['20,20', 'ascending'],
      ['20,4x', 'whole rates'],
      ['0,5', 'whole rates'],
      ['20,,40', 'whole rates'],
    ])
      assert.throws(
        () => inspect('capacity', { PLATEAUS: bad! }),
        new RegExp(`PLATEAUS must be ${rule}.*, got \\\\?"${bad}`),
      );
    assert.deepEqual(
      Object.keys(inspect('capacity', { PLATEAUS: ' 10 , 20 ' }).scenarios).length,
      2,
    );
    assert.throws(() => inspect('capacity', { PLATEAUS: '' }), /capacity needs PLATEAUS/);
  });

  it('load is the tutorial test at full length: 200 VUs for 3 minutes', () => {
    const { load } = inspect('load').scenarios;
    assert.equal(load.vus, 200);
    assert.equal(secondsOf(load.duration), 180);
  });

  it("ramp is the tutorial's stages at full length, and the same shape compressed", () => {
    const full = inspect('ramp').scenarios.ramp.stages;
    assert.deepEqual(
      full.map((s: any) => s.target),
      [50, 150, 300, 500, 800, 1200, 50],
    );
    assert.deepEqual(
      full.map((s: any) => secondsOf(s.duration)),
      [60, 60, 60, 120, 120, 180, 180],
    );
    const ci = inspect('ramp', { PROFILE: 'ci' }).scenarios.ramp.stages;
    assert.deepEqual(
      ci.map((s: any) => secondsOf(s.duration)),
      [2, 2, 2, 4, 4, 5, 5],
    );
    assert.deepEqual(
      ci.map((s: any) => s.target),
      [3, 8, 15, 25, 40, 60, 3],
    );
  });

  it('scale-out sizes its rate from the scaling policy', () => {
    const s = inspect('scale-out', { RATE: '', SCALE_THRESHOLD: '50', SCALE_MAX_REPLICAS: '10' })
      .scenarios.scaleOut;
    assert.equal(s.executor, 'ramping-arrival-rate');
    assert.equal(s.stages[1].target, 600);
  });

  it('rejects each bad parameter with a message naming it, its value and what it must be', () => {
    const url = 'an http\\(s\\) URL with a host, an optional port and path, and no query';
    const cases: [Record<string, string>, RegExp][] = [
      [{ PROFILE: 'nightly' }, /PROFILE must be one of full, demo, ci, got \\?"nightly/],
      [{ PROFILE: 'constructor' }, /PROFILE must be one of full, demo, ci, got \\?"constructor/],
      [{ BASE_URL: 'ftp://x' }, new RegExp(`BASE_URL must be ${url}, got \\\\?"ftp://x`)],
      [{ BASE_URL: 'http://h:4000?x=1' }, new RegExp(`BASE_URL must be ${url}, got`)],
      [{ BASE_URL: 'http://h:99999' }, new RegExp(`BASE_URL must be ${url}, got`)],
      [{ BASE_URL: 'http://a b' }, new RegExp(`BASE_URL must be ${url}, got`)],
      [
        { BASE_URL: 'http://h:4000/crocodiles' },
        /BASE_URL must be the API root, without \/crocodiles: the list URL is ENDPOINT/,
      ],
      [{ TIME_SCALE: 'abc' }, /TIME_SCALE must be a number from 0.001 to 100, got \\?"abc/],
      [{ TIME_SCALE: '0x10' }, /TIME_SCALE must be a number from 0.001 to 100, got \\?"0x10/],
      [{ VU_SCALE: '500' }, /VU_SCALE must be a number from 0.001 to 100, got \\?"500/],
      [{ P95_MS: 'Infinity' }, /P95_MS must be a number above 0, got \\?"Infinity/],
      // Thresholds that no run could pass: rate<0, rate>1, and a p95 above the p99.
      [{ MAX_ERROR_RATE: '0' }, /MAX_ERROR_RATE must be a number above 0 and at most 1, got \\?"0/],
      [{ MAX_ERROR_RATE: ' ' }, /MAX_ERROR_RATE must be a number above 0 and at most 1/],
      [
        { MIN_CHECKS_RATE: '1' },
        /MIN_CHECKS_RATE must be a number at least 0 and below 1, got \\?"1/,
      ],
      [{ P95_MS: '2000' }, /P95_MS must not be above P99_MS/],
      [{ ABORT_ON_FAIL: 'no' }, /ABORT_ON_FAIL must be true or false, got \\?"no/],
      [{ TESTID: '  ' }, /TESTID must be a name of 1-100 characters/],
      // A long value is quoted cut, so one bad variable stays one readable line.
      [{ PROFILE: 'x'.repeat(300) }, /PROFILE must be .*, got \\?"x{77}\.\.\.\\?"/],
    ];
    for (const [env, message] of cases) assert.throws(() => inspect('load', env), message);
    // Two bad values: both named, in one message.
    assert.throws(
      () => inspect('load', { TIME_SCALE: 'x', VU_SCALE: '0' }),
      /TIME_SCALE must be .*; VU_SCALE must be/,
    );
    assert.throws(() => inspect('load', { BASE_URL: '' }), /set BASE_URL .* or ENDPOINT/);
  });

  it("a suite's own variables are checked by that suite only, with bounds", () => {
    // A stray RATE or PLATEAUS in the shell (k6 passes the system env) does not stop smoke.
    assert.ok(inspect('smoke', { RATE: 'abc', PLATEAUS: 'x', SCALE_THRESHOLD: '0.5' }).scenarios);
    const cases: [Record<string, string>, RegExp][] = [
      [{ RATE: '1e9' }, /RATE must be a number from 1 to 100000, got \\?"1e9/],
      [
        { RATE: '', SCALE_THRESHOLD: '50', SCALE_MAX_REPLICAS: '2.5' },
        /SCALE_MAX_REPLICAS must be a whole number from 1 to 1000/,
      ],
      [
        { RATE: '', SCALE_THRESHOLD: '1e5', SCALE_MAX_REPLICAS: '1000' },
        /SCALE_THRESHOLD × SCALE_MAX_REPLICAS × 1.2 must be at most 100000 req\/s, got 120000000: set RATE instead/,
      ],
    ];
    for (const [env, message] of cases) assert.throws(() => inspect('scale-out', env), message);
  });

  it('reads an empty value as unset, trims values, and ABORT_ON_FAIL=false as false', () => {
    const o = inspect('load', { P95_MS: '', ABORT_ON_FAIL: ' false ', TIME_SCALE: ' 0.5 ' });
    assert.equal(secondsOf(o.scenarios.load.duration), 90);
    assert.deepEqual(o.thresholds.http_req_duration, ['p(95)<700', 'p(99)<1500']);
    // k6 prints a threshold without abortOnFail as its bare expression.
    assert.deepEqual(o.thresholds.http_req_failed, ['rate<0.01']);
    assert.equal(inspect('load').thresholds.http_req_failed[0].abortOnFail, true);
  });
});
