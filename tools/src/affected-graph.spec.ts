/**
 * The Nx graph drives the work: in a temp git repo (a copy of this workspace), a change in
 * libs/metrics marks its dependents affected, and a change in a k6 suite leaves crocodile-api alone.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import { WORKSPACE_ROOT } from '@loadlab/workspace';

const run = (cwd: string, cmd: string, args: string[]) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
  });

describe('nx affected in a temp git repo', () => {
  let repo: TempDir;
  const git = (...args: string[]) =>
    run(repo.path, 'git', ['-c', 'user.name=ci', '-c', 'user.email=ci@localhost', ...args]);
  /** Commits a one-line change to `file` and lists the projects Nx marks affected by that commit. */
  const affectedBy = (file: string): string[] => {
    appendFileSync(join(repo.path, file), '\n// touched by affected-graph.spec.ts\n');
    git('commit', '-qam', `touch ${file}`);
    const out = run(repo.path, join(WORKSPACE_ROOT, 'node_modules/.bin/nx'), [
      'show',
      'projects',
      '--affected',
      '--base=HEAD~1',
      '--head=HEAD',
      '--json',
    ]);
    git('reset', '-q', '--hard', 'HEAD~1');
    return (JSON.parse(out) as string[]).sort();
  };

  before(async () => {
    repo = await makeTempDir('nx-affected-');
    const files = run(WORKSPACE_ROOT, 'git', [
      'ls-files',
      '--cached',
      '--others',
      '--exclude-standard',
      '-z',
    ])
      .split('\0')
      .filter(Boolean);
    for (const f of files) {
      mkdirSync(dirname(join(repo.path, f)), { recursive: true });
      cpSync(join(WORKSPACE_ROOT, f), join(repo.path, f));
    }
    symlinkSync(join(WORKSPACE_ROOT, 'node_modules'), join(repo.path, 'node_modules'));
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'baseline');
  });
  after(async () => {
    await repo?.remove();
  });

  it('a change in libs/metrics affects dashboards, crocodile-api, k8s-manifests and the verdict engine', () => {
    const affected = affectedBy('libs/metrics/src/naming.ts');
    for (const p of ['metrics', 'dashboards', 'crocodile-api', 'k8s-manifests', 'verdict']) {
      assert.ok(affected.includes(p), `${p} is affected (got ${affected.join(', ')})`);
    }
  });

  it('a change in a k6 suite affects load-tests but not crocodile-api', () => {
    const affected = affectedBy('apps/load-tests/src/suites/ramp.ts');
    assert.ok(
      affected.includes('load-tests'),
      `load-tests is affected (got ${affected.join(', ')})`,
    );
    assert.ok(
      !affected.includes('crocodile-api'),
      `crocodile-api is not affected (got ${affected.join(', ')})`,
    );
  });
});
