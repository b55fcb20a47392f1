/**
 * The Nx graph drives the work: in a temp git repo (a copy of this workspace), a change in
 * libs/metrics marks its dependents affected, a change in crocodile-api marks every project whose
 * code starts it, and a change in a k6 suite leaves crocodile-api alone.
 */
import assert from 'node:assert/strict';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runSync } from '@loadlab/process-supervisor';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import { WORKSPACE_ROOT } from '@loadlab/workspace';

const run = (cwd: string, cmd: string, args: string[]) =>
  runSync(cmd, args, {
    cwd,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    timeoutMs: 5 * 60_000,
  }).stdout;

/** What starting crocodile-api looks like in code: local-stack's launcher, or its entry by path. */
const STARTS_API = /\bstartCrocodileApi\(|\bAPI_MAIN\b|apps\/crocodile-api\/src\/main\.ts/;

/** Projects that `project` depends on, directly or not, in the Nx graph of the repo at `cwd`. */
function dependenciesOf(cwd: string, project: string): Set<string> {
  const file = join(tmpdir(), `affected-graph-${process.pid}.json`);
  run(cwd, join(WORKSPACE_ROOT, 'node_modules/.bin/nx'), ['graph', `--file=${file}`]);
  const { dependencies } = (
    JSON.parse(readFileSync(file, 'utf8')) as {
      graph: { dependencies: Record<string, { target: string }[]> };
    }
  ).graph;
  rmSync(file);
  const seen = new Set<string>();
  const queue = [project];
  while (queue.length > 0)
    for (const d of dependencies[queue.pop()!] ?? [])
      if (!seen.has(d.target)) {
        seen.add(d.target);
        queue.push(d.target);
      }
  return seen;
}

/** Every project whose code (specs included) starts crocodile-api, from the files themselves. */
function projectsThatStartTheApi(files: readonly string[]): string[] {
  const roots = files
    .filter((f) => f.endsWith('/project.json'))
    .map((f) => ({
      root: dirname(f),
      name: (JSON.parse(readFileSync(join(WORKSPACE_ROOT, f), 'utf8')) as { name: string }).name,
    }))
    .sort((a, b) => b.root.length - a.root.length);
  const self = relative(WORKSPACE_ROOT, import.meta.filename);
  const starters = new Set<string>();
  for (const f of files) {
    if (!f.endsWith('.ts') || f === self) continue;
    // Naming the entry point (libs/workspace's CROCODILE_API_MAIN, doc comments) is not starting it.
    const code = readFileSync(join(WORKSPACE_ROOT, f), 'utf8')
      .replace(/^export const CROCODILE_API_MAIN = .*$/m, '')
      .replace(/^\s*(\/\*\*|\*|\/\/).*$/gm, '');
    if (!STARTS_API.test(code)) continue;
    const owner = roots.find((r) => f.startsWith(`${r.root}/`));
    if (owner) starters.add(owner.name);
  }
  starters.delete('crocodile-api');
  return [...starters].sort();
}

describe('nx affected in a temp git repo', () => {
  let repo: TempDir;
  let files: string[];
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
    files = run(WORKSPACE_ROOT, 'git', [
      'ls-files',
      '--cached',
      '--others',
      '--exclude-standard',
      '-z',
    ])
      .split('\0')
      // An untracked symlink to a folder (a worktree's shared .tools) is not workspace source.
      .filter((f) => f && !statSync(join(WORKSPACE_ROOT, f)).isDirectory());
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

  it('a change in crocodile-api affects every project whose code starts it', () => {
    const starters = projectsThatStartTheApi(files);
    // The derivation itself must see the known starters, or this test proves nothing.
    for (const p of ['local-stack', 'local-run', 'e2e-fixtures'])
      assert.ok(starters.includes(p), `${p} starts the API (derived: ${starters.join(', ')})`);
    const affected = affectedBy('apps/crocodile-api/src/app.ts');
    // Their specs start it through e2e-fixtures' apiUnderTest.
    for (const p of ['dashboards', 'verdict', 'reliability-e2e'])
      assert.ok(affected.includes(p), `${p} is affected (got ${affected.join(', ')})`);
    // A starter that crocodile-api itself depends on cannot declare it (the edge would close a
    // cycle, which lint refuses): today local-stack, through testkit, until the local-stack split.
    const cyclic = dependenciesOf(repo.path, 'crocodile-api');
    for (const p of starters) {
      if (cyclic.has(p)) {
        console.log(`not judged: ${p} starts crocodile-api, which depends on ${p} (a cycle)`);
        continue;
      }
      assert.ok(
        affected.includes(p),
        `${p} starts crocodile-api, so it must be affected: add "implicitDependencies": ["crocodile-api"] to its project.json (got ${affected.join(', ')})`,
      );
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
