/** `nx run load-tests:ramp` (run-then-verify) stops within seconds of SIGTERM, k6 with it. */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { SIGNAL_GRACE_MS, startProcess } from '@loadlab/process-supervisor';
import { listen, makeTempDir, processesMentioning } from '@loadlab/testkit';

const MAIN = fileURLToPath(new URL('./run-then-verify.ts', import.meta.url));

describe('run-then-verify', () => {
  it('stops the load and exits within seconds of SIGTERM, not a pass', async () => {
    let requests = 0;
    const api = await listen((_req, res) => {
      requests++;
      res.end('[]');
    });
    const dir = await makeTempDir('run-then-verify-');
    try {
      const proc = startProcess(process.execPath, [
        MAIN,
        'ramp',
        `--base-url=${api.url}`,
        '--profile=ci',
        `--out-dir=${dir.path}`,
      ]);
      for (let i = 0; i < 600 && requests === 0; i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(requests > 0, `k6 sent no request:\n${proc.output()}`);
      const signalled = Date.now();
      process.kill(proc.pid, 'SIGTERM');
      const code = await proc.exited;
      const took = Date.now() - signalled;
      assert.ok(took < SIGNAL_GRACE_MS + 3_000, `exited ${took} ms after SIGTERM`);
      assert.notEqual(code, 0, proc.output());
      assert.deepEqual(processesMentioning(dir.path), [], 'k6 is gone too');
    } finally {
      await api.close();
      await dir.remove();
    }
  });
});
