/** The bench's path options are refused before any contender starts, naming the option and why. */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { runSync } from '@loadlab/process-supervisor';

const BENCH = fileURLToPath(new URL('./bench.ts', import.meta.url));
const bench = (...args: string[]) =>
  runSync(process.execPath, [BENCH, '--smoke', ...args], { okExitCodes: 'any', timeoutMs: 30_000 });

describe('bench options', () => {
  it('refuses an --out-file it cannot write, at once (exit 2)', () => {
    const r = bench('--out-file=/proc/nope/benchmarks.md');
    assert.equal(r.exitCode, 2, r.stderr);
    assert.match(
      r.stderr,
      /--out-file=\/proc\/nope\/benchmarks\.md: its directory is not one loadlab can write to \(ENOENT/,
    );
  });
  it('refuses a --keep-dir it cannot write, and an --out-file that is a directory (exit 2)', () => {
    const keep = bench('--keep-dir=/proc/nope');
    assert.equal(keep.exitCode, 2, keep.stderr);
    assert.match(keep.stderr, /--keep-dir=\/proc\/nope: not a directory/);
    const dir = bench('--out-file=/tmp');
    assert.equal(dir.exitCode, 2, dir.stderr);
    assert.match(dir.stderr, /--out-file=\/tmp is a directory: give the path of a file/);
  });
});
