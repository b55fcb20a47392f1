/** The plugin's inference, on made-up projects, and on this workspace through Nx itself. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runSync } from '@loadlab/process-supervisor';
import { WORKSPACE_ROOT } from '@loadlab/workspace';
import { inferTargets } from './infer-targets.ts';
import { parseSuiteCatalog } from '@loadlab/k6-runner/suite-catalog';
import { CAPACITY_SEARCH, loadTestTargets } from './load-test-targets.ts';

const project = (tags: string[], files: string[]) => ({ root: 'libs/x', tags, files });
const command = (t: { options?: { command?: string } } | undefined) => t?.options?.command ?? '';

describe('inferTargets', () => {
  it('typecheck needs a tsconfig.json; no specs, no test target', () => {
    assert.deepEqual(Object.keys(inferTargets(project([], ['tsconfig.json', 'src/a.ts']))), [
      'typecheck',
    ]);
    assert.deepEqual(Object.keys(inferTargets(project([], ['src/a.ts']))), []);
  });

  it('*.e2e.spec.ts goes to e2e and the fast glob skips it', () => {
    const t = inferTargets(project([], ['src/a.spec.ts', 'src/deep/b.e2e.spec.ts']));
    assert.match(command(t.test), /"\{projectRoot\}\/src\/\*\*\/!\(\*\.e2e\)\.spec\.ts"/);
    assert.match(command(t.e2e), /"\{projectRoot\}\/src\/\*\*\/\*\.e2e\.spec\.ts"/);
    assert.match(command(t.e2e), /reports\/junit\/\{projectName\}-e2e\.xml/);
  });

  it('a project that depends on k6-runner gets load-tests:ready before its specs run', () => {
    const runsK6 = inferTargets({
      ...project([], ['src/a.spec.ts', 'src/b.e2e.spec.ts']),
      workspaceDeps: ['@loadlab/k6-runner'],
    });
    for (const t of [runsK6.test, runsK6.e2e])
      assert.deepEqual(t?.dependsOn, ['^build', { projects: ['load-tests'], target: 'ready' }]);
    const noK6 = inferTargets({ ...project([], ['src/a.spec.ts']), workspaceDeps: ['@loadlab/x'] });
    assert.deepEqual(noK6.test?.dependsOn, ['^build']);
  });

  it('every spec of a type:e2e project is e2e', () => {
    const t = inferTargets(project(['type:e2e'], ['src/a.spec.ts']));
    assert.equal(t.test, undefined);
    assert.match(command(t.e2e), /"\{projectRoot\}\/src\/\*\*\/\*\.spec\.ts"/);
  });

  it('build by convention: k6 bundles, a Node app with a Dockerfile, src/build.ts, else none', () => {
    assert.match(command(inferTargets(project(['runtime:k6'], [])).build), /bundle-k6-suites/);
    const app = inferTargets(project(['runtime:node'], ['Dockerfile', 'src/main.ts'])).build;
    assert.match(command(app), /bundle-node-app\.ts --project \{projectRoot\}/);
    assert.ok(app?.inputs?.includes('{workspaceRoot}/tools/src/prune-lockfile.ts'));
    assert.match(command(inferTargets(project([], ['src/build.ts'])).build), /src\/build\.ts/);
    assert.equal(inferTargets(project([], ['src/main.ts'])).build, undefined);
  });

  it('one target per catalog suite; a scaling suite runs through the verifier', () => {
    const t = loadTestTargets({
      suites: { smoke: { description: 's' }, ramp: { description: 'r', verifyScaling: true } },
    });
    assert.equal(command(t.smoke), 'node apps/k6-cli/src/main.ts smoke');
    assert.equal(command(t.ramp), 'node apps/verdict-cli/src/run-then-verify.ts ramp');
    assert.deepEqual(t.smoke?.dependsOn, ['ready']);
  });

  it("the k6 project's ready is its bundles and the pinned k6, and runs nothing", () => {
    const { ready } = inferTargets(project(['runtime:k6'], []));
    assert.equal(ready?.executor, 'nx:noop');
    assert.deepEqual(ready?.dependsOn, ['build', { projects: ['tools'], target: 'k6' }]);
    assert.equal(inferTargets(project(['runtime:node'], [])).ready, undefined);
  });

  it('no project.json names tools:k6: a target that runs k6 on this machine names ready', () => {
    const namesK6 = (d: unknown) =>
      typeof d === 'object' &&
      d !== null &&
      JSON.stringify(d) === JSON.stringify({ projects: ['tools'], target: 'k6' });
    const repeats = readdirSync(WORKSPACE_ROOT, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('project.json') && !/(^|\/)(node_modules|dist|\.tools)\//.test(f))
      .flatMap((f) => {
        const targets = JSON.parse(readFileSync(join(WORKSPACE_ROOT, f), 'utf8')).targets ?? {};
        return Object.entries(targets as Record<string, { dependsOn?: unknown[] }>)
          .filter(([, t]) => (t.dependsOn ?? []).some(namesK6))
          .map(([name]) => `${f}: ${name}`);
      });
    assert.deepEqual(repeats, []);
  });

  it('refuses a suite name that is not a plain word, naming the file', () => {
    const parse = (catalog: object) => parseSuiteCatalog(JSON.stringify(catalog), 'a/suites.json');
    assert.throws(
      () =>
        parse({
          profiles: {},
          scaleFactor: { min: 0.001, max: 100, description: 'f' },
          suites: { 'smoke; rm -rf /': { description: 'x' } },
        }),
      /a\/suites\.json is invalid: .*suite name "smoke; rm -rf \/" must match/,
    );
    assert.throws(
      () => parse({ profiles: {}, scaleFactor: { min: 0.001, max: 100, description: 'f' } }),
      /a\/suites\.json is invalid: suites is missing/,
    );
    assert.throws(
      () => parseSuiteCatalog('{', 'a/suites.json'),
      /a\/suites\.json is not valid JSON/,
    );
  });
});

describe('the plugin in this workspace (nx show project)', () => {
  const show = (name: string) =>
    JSON.parse(
      runSync(join(WORKSPACE_ROOT, 'node_modules/.bin/nx'), ['show', 'project', name, '--json'], {
        cwd: WORKSPACE_ROOT,
        env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
        timeoutMs: 5 * 60_000,
      }).stdout,
    ) as { targets: Record<string, { options?: { command?: string }; dependsOn?: unknown[] }> };

  it('load-tests has one target per suite of apps/load-tests/suites.json', () => {
    const suites = (
      JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'apps/load-tests/suites.json'), 'utf8')) as {
        suites: Record<string, { capacitySearch?: boolean }>;
      }
    ).suites;
    const targets = show('load-tests').targets;
    for (const [s, def] of Object.entries(suites))
      if (def.capacitySearch) assert.equal(command(targets[s]), CAPACITY_SEARCH, s);
      else assert.match(command(targets[s]), new RegExp(` ${s}$`), s);
  });

  it('an explicit target in project.json merges with the inferred one', () => {
    // cluster-e2e's project.json adds dependsOn to e2e; the command still comes from the plugin.
    const e2e = show('cluster-e2e').targets.e2e;
    assert.match(command(e2e), /node --test/);
    assert.ok(JSON.stringify(e2e?.dependsOn).includes('"binaries"'));
  });

  it('each src/<name>.e2e.ts is an e2e-<name> target, with the Nx targets its docblock needs', () => {
    const pods = show('cluster-e2e').targets['e2e-real-pods'];
    assert.match(
      command(pods),
      /ensure-real-node\.sh .* \{?apps\/cluster-e2e\/src\/real-pods\.e2e\.ts$/,
    );
    assert.ok(JSON.stringify(pods?.dependsOn).includes('"docker-build"'));
    assert.match(command(show('local-cluster').targets['e2e-real-node']), /real-node\.e2e\.ts$/);
  });
});
