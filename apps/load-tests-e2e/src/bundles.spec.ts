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
    for (const bad of ['20,10', '20,4x', '0,5'])
      assert.throws(
        () => inspect('capacity', { PLATEAUS: bad }),
        new RegExp(`PLATEAUS must be whole, ascending rates .*, got \\\\?"${bad}`),
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
    const cases: [Record<string, string>, RegExp][] = [
      [{ PROFILE: 'nightly' }, /PROFILE must be one of full, demo, ci, got \\?"nightly/],
      [{ BASE_URL: 'ftp://x' }, /BASE_URL must be an http\(s\) URL, got \\?"ftp:\/\/x/],
      [{ TIME_SCALE: 'abc' }, /TIME_SCALE must be a number from 0.001 to 100, got \\?"abc/],
      [{ VU_SCALE: '500' }, /VU_SCALE must be a number from 0.001 to 100, got \\?"500/],
      [{ P95_MS: 'Infinity' }, /P95_MS must be a number from 1 to Infinity, got \\?"Infinity/],
      [{ MAX_ERROR_RATE: '2' }, /MAX_ERROR_RATE must be a number from 0 to 1, got \\?"2/],
      [{ ABORT_ON_FAIL: 'no' }, /ABORT_ON_FAIL must be true or false, got \\?"no/],
    ];
    for (const [env, message] of cases) assert.throws(() => inspect('load', env), message);
    // Two bad values: both named, in one message.
    assert.throws(
      () => inspect('load', { TIME_SCALE: 'x', VU_SCALE: '0' }),
      /TIME_SCALE must be .*; VU_SCALE must be/,
    );
    assert.throws(() => inspect('load', { BASE_URL: '' }), /set BASE_URL .* or ENDPOINT/);
  });

  it('reads an empty value as unset, and ABORT_ON_FAIL=false as false', () => {
    const o = inspect('load', { P95_MS: '', ABORT_ON_FAIL: 'false' });
    assert.deepEqual(o.thresholds.http_req_duration, ['p(95)<700', 'p(99)<1500']);
    // k6 prints a threshold without abortOnFail as its bare expression.
    assert.deepEqual(o.thresholds.http_req_failed, ['rate<0.01']);
    assert.equal(inspect('load').thresholds.http_req_failed[0].abortOnFail, true);
  });
});
