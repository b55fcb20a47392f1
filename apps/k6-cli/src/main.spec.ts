/** The CLI accepts exactly the suites and profiles of the built catalog, and says which when it refuses. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { readSuiteCatalog } from '@loadlab/k6-runner';
import { oneOf } from '@loadlab/input';
import { runSync } from '@loadlab/process-supervisor';
import { SIGNAL_GRACE_MS } from '@loadlab/process-supervisor';
import { makeTempDir, signalDuringLoad } from '@loadlab/testkit';
import { K6_BUNDLE_DIR } from '@loadlab/workspace';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const SOURCE = fileURLToPath(new URL('../../load-tests/suites.json', import.meta.url));
// No --base-url: every run stops at "could not run" before k6 starts.
const cli = (...args: string[]) =>
  runSync(process.execPath, [MAIN, ...args], {
    okExitCodes: 'any',
    env: Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !['PROFILE', 'ENDPOINT', 'BASE_URL'].includes(k)),
    ),
  });

describe('apps/k6-cli', () => {
  const catalog = readSuiteCatalog(K6_BUNDLE_DIR);

  it('the build carries the one list: the catalog next to the bundles is apps/load-tests/suites.json', () => {
    assert.deepEqual(catalog, JSON.parse(readFileSync(SOURCE, 'utf8')));
  });

  it('refuses an unknown profile and names the catalog profiles', () => {
    const r = cli('smoke', '--load-profile=nightly');
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /--load-profile must be one of full, demo or ci, got "nightly"/);
  });

  it('accepts every catalog profile (demo too), then stops for want of a target', () => {
    for (const profile of Object.keys(catalog.profiles)) {
      const r = cli('smoke', `--load-profile=${profile}`);
      assert.equal(r.exitCode, 2, r.stderr);
      assert.match(r.stderr, /no target: pass --base-url or --endpoint/, profile);
    }
  });

  it('refuses an unknown suite and names the catalog suites', () => {
    const r = cli('stress');
    assert.equal(r.exitCode, 2);
    assert.ok(
      r.stderr.includes(`no suite "stress": name one of ${oneOf(Object.keys(catalog.suites))}`),
      r.stderr,
    );
  });
});

describe('apps/k6-cli: paths and signals', () => {
  it('refuses an --out-dir it cannot write to, at once, naming it', () => {
    const r = runSync(
      process.execPath,
      [MAIN, 'smoke', '--base-url=http://127.0.0.1:9', '--out-dir=/proc/nope'],
      { okExitCodes: 'any', timeoutMs: 30_000 },
    );
    assert.equal(r.exitCode, 2, r.stderr);
    assert.match(r.stderr, /--out-dir=\/proc\/nope: not a directory loadlab can write to \(ENOENT/);
  });

  it('refuses a testid that is not a plain name, a missing value and an unknown option, exit 2', () => {
    for (const [args, reason] of [
      [['--testid=../../../../proc/nope'], /--testid must be 1-100 letters, digits/],
      [[`--testid=${'a'.repeat(101)}`], /--testid must be 1-100/],
      [['--out-dir'], /--out-dir/],
      [['--bogus'], /Unknown option '--bogus'/],
    ] as const) {
      const r = cli('smoke', '--base-url=http://127.0.0.1:9', ...args);
      assert.equal(r.exitCode, 2, r.stderr);
      assert.match(r.stderr, reason);
      assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
    }
  });

  it('makes no out dir when it refuses another option', async () => {
    const dir = await makeTempDir('k6-cli-refuse-');
    try {
      const out = `${dir.path}/k6`;
      const r = cli(
        'smoke',
        '--base-url=http://127.0.0.1:9',
        `--out-dir=${out}`,
        '--time-scale=abc',
      );
      assert.equal(r.exitCode, 2, r.stderr);
      assert.ok(!existsSync(out), 'no stray directory');
    } finally {
      await dir.remove();
    }
  });

  it('stops k6 and exits within seconds of SIGTERM during the load', async () => {
    const r = await signalDuringLoad(MAIN, (url, out) => [
      'ramp',
      `--base-url=${url}`,
      '--load-profile=ci',
      `--out-dir=${out}`,
    ]);
    assert.ok(r.ms < SIGNAL_GRACE_MS + 3_000, `exited ${r.ms} ms after SIGTERM`);
    assert.notEqual(r.code, 0, r.output);
    assert.deepEqual(r.left, [], 'k6 is gone too');
  });
});
