/** Real child processes signalled while their "teardown" (a timer) runs after the abort. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startProcess } from './process.ts';

const MODULE = fileURLToPath(new URL('./abort-on-signals.ts', import.meta.url));

/** A child whose run, once aborted, needs teardownMs more and then exits 0. */
function child(graceMs: number, teardownMs: number) {
  const script = `
    const { abortOnSignals } = await import(${JSON.stringify(MODULE)});
    const signal = abortOnSignals(${graceMs}, 'tearing down');
    signal.addEventListener('abort', () => setTimeout(() => process.exit(0), ${teardownMs}));
    console.log('ready');
    setInterval(() => {}, 1000);`;
  return startProcess(process.execPath, ['--input-type=module', '-e', script]);
}

async function signalled(graceMs: number, teardownMs: number, signals: number) {
  const p = child(graceMs, teardownMs);
  await p.waitForOutput(/ready/, 10_000);
  for (let i = 0; i < signals; i++) {
    process.kill(p.pid, 'SIGINT');
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return { code: await p.exited, output: p.output() };
}

describe('abortOnSignals', () => {
  it('a teardown longer than the default 5 s grace ends on its own when given the grace', async () => {
    const r = await signalled(20_000, 6_000, 1);
    assert.equal(r.code, 0, 'the teardown finished, not cut off at 130');
    assert.match(r.output, /stopped by SIGINT: tearing down/);
  });

  it('past the grace, or at a second signal, the process exits at once with 130', async () => {
    assert.equal((await signalled(1_000, 6_000, 1)).code, 130);
    assert.equal((await signalled(20_000, 6_000, 2)).code, 130);
  });
});
