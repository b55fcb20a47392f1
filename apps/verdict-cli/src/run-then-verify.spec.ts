/** `nx run load-tests:ramp` (run-then-verify) stops within seconds of SIGTERM, k6 with it. */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { SIGNAL_GRACE_MS } from '@loadlab/process-supervisor';
import { signalDuringLoad } from '@loadlab/testkit';

const MAIN = fileURLToPath(new URL('./run-then-verify.ts', import.meta.url));

describe('run-then-verify', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops the load and exits within seconds of ${signal}, not a pass`, async () => {
      const r = await signalDuringLoad(
        MAIN,
        (url, out) => ['ramp', `--base-url=${url}`, '--profile=ci', `--out-dir=${out}`],
        signal,
      );
      assert.ok(r.ms < SIGNAL_GRACE_MS + 3_000, `exited ${r.ms} ms after ${signal}`);
      assert.notEqual(r.code, 0, r.output);
      assert.deepEqual(r.left, [], 'k6 is gone too');
    });
  }
});
