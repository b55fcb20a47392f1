/**
 * ./loadlab demo --cluster says why it cannot run, and exits 2, before it starts anything: not
 * root (run as nobody), and a bad option. The real run is demo-cluster.e2e.ts (root, real node).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runSync } from '@loadlab/process-supervisor';
import { WORKSPACE_ROOT } from '@loadlab/workspace';

const MAIN = join(WORKSPACE_ROOT, 'apps/local-run/src/main.ts');
const demo = (args: string[], asNobody = false) => {
  const argv = [process.execPath, MAIN, '--cluster', ...args];
  const o = { timeoutMs: 60_000, okExitCodes: 'any' } as const;
  const r = asNobody
    ? runSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', ...argv], o)
    : runSync(argv[0]!, argv.slice(1), o);
  return { code: r.exitCode, out: `${r.stdout}${r.stderr}` };
};
const root = process.getuid?.() === 0;

describe('./loadlab demo --cluster: could not run, exit 2, and why', () => {
  it(
    'without root: says a real node needs root, starts nothing',
    { skip: root ? undefined : 'needs root to drop to nobody' },
    () => {
      const r = demo(['--load-profile=ci'], true);
      assert.equal(r.code, 2, r.out);
      assert.match(r.out, /could not run: a real node needs root/);
      assert.doesNotMatch(r.out, /cluster with a real node up/);
    },
  );

  it('a bad option names it and the valid values', () => {
    const profile = demo(['--load-profile=huge']);
    assert.equal(profile.code, 2, profile.out);
    assert.match(
      profile.out,
      /--load-profile must be one of ci, demo or full, got "huge" \(with --cluster\)/,
    );
    const suite = demo(['--suite=smoke']);
    assert.equal(suite.code, 2, suite.out);
    assert.match(suite.out, /--suite must be one of .*scale-out.*, got "smoke" \(with --cluster\)/);
  });
});
