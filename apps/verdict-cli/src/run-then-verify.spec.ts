/** `nx run load-tests:ramp` (run-then-verify) stops within seconds of SIGTERM, k6 with it. */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { runSync, SIGNAL_GRACE_MS } from '@loadlab/process-supervisor';
import { signalDuringLoad } from '@loadlab/testkit';

const MAIN = fileURLToPath(new URL('./run-then-verify.ts', import.meta.url));

describe('run-then-verify', () => {
  it('stops at once when the load could not run: exit 2, no wait, no verification', () => {
    const started = Date.now();
    const r = runSync(
      process.execPath,
      [
        MAIN,
        'ramp',
        '--base-url=http://127.0.0.1:9',
        '--out-dir=/proc/nope',
        '--prometheus=http://127.0.0.1:9',
      ],
      { okExitCodes: 'any', timeoutMs: 60_000 },
    );
    assert.equal(r.exitCode, 2, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /--out-dir=\/proc\/nope: not a directory/);
    assert.doesNotMatch(r.stdout, /waiting \d+ s for the scale-down/);
    assert.ok(Date.now() - started < 30_000);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops the load and exits within seconds of ${signal}, not a pass`, async () => {
      const r = await signalDuringLoad(
        MAIN,
        (url, out) => ['ramp', `--base-url=${url}`, '--load-profile=ci', `--out-dir=${out}`],
        signal,
      );
      assert.ok(r.ms < SIGNAL_GRACE_MS + 3_000, `exited ${r.ms} ms after ${signal}`);
      assert.notEqual(r.code, 0, r.output);
      assert.deepEqual(r.left, [], 'k6 is gone too');
    });
  }
});
