/**
 * The targets every project gets from its files, so no project.json repeats them:
 * typecheck (a tsconfig.json), test (fast specs), e2e (real-process specs) and build
 * (by convention). An explicit target in project.json still wins and merges with these.
 */
import type { TargetConfiguration, TargetDependencyConfig } from '@nx/devkit';

/** What the plugin reads from one project: its project.json and the files in its root. */
export interface ProjectFacts {
  readonly root: string;
  readonly tags: readonly string[];
  /** Paths relative to the project root, with forward slashes. */
  readonly files: readonly string[];
  /** The workspace packages its package.json depends on (dev or not), e.g. @loadlab/k6-runner. */
  readonly workspaceDeps?: readonly string[];
}

/** The project whose suites k6 runs (tagged runtime:k6), and its target that readies a run. */
export const K6_PROJECT = 'load-tests';
export const K6_READY_TARGET = 'ready';

/**
 * What a k6 run needs before it starts, as one dependency: load-tests:ready, which stands for the
 * suite bundles and the pinned k6 (`readyTarget` below). Every project that depends on
 * @loadlab/k6-runner may start k6, so its test and e2e targets get it from here; a project.json
 * target that starts k6 itself (a `run`, a `bench`) names it once.
 */
export const K6_READY: readonly TargetDependencyConfig[] = [
  { projects: [K6_PROJECT], target: K6_READY_TARGET },
];
export const RUNS_K6 = '@loadlab/k6-runner';

/**
 * Real-process specs (minutes, real k6 / podman / control plane) are the `e2e` tier:
 * every spec of a `type:e2e` project, and `*.e2e.spec.ts` anywhere else.
 */
export const E2E_TAG = 'type:e2e';
const SPEC = /^src\/.*\.spec\.ts$/;
const E2E_SPEC = /\.e2e\.spec\.ts$/;

/** node --test over a glob, with a JUnit report per project and tier for tools/src/test-summary.ts. */
function nodeTest(glob: string, report: string, runsK6: boolean): TargetConfiguration {
  return {
    executor: 'nx:run-commands',
    dependsOn: ['^build', ...(runsK6 ? K6_READY : [])],
    options: {
      command: [
        'mkdir -p reports/junit &&',
        'node --test --test-timeout=300000',
        '--test-reporter=spec --test-reporter-destination=stdout',
        `--test-reporter=junit --test-reporter-destination=${report}`,
        `"${glob}"`,
      ].join(' '),
    },
    inputs: ['default', '^production'],
    outputs: [`{workspaceRoot}/${report}`],
    cache: true,
  };
}

export function testTargets(p: ProjectFacts): Record<string, TargetConfiguration> {
  const specs = p.files.filter((f) => SPEC.test(f));
  const allE2e = p.tags.includes(E2E_TAG);
  const e2e = specs.filter((f) => allE2e || E2E_SPEC.test(f));
  const fast = specs.filter((f) => !e2e.includes(f));
  const targets: Record<string, TargetConfiguration> = {};
  const runsK6 = p.workspaceDeps?.includes(RUNS_K6) ?? false;
  if (fast.length > 0) {
    // Extglob: Node's test runner skips the e2e files that sit beside fast ones.
    const glob = e2e.length > 0 ? 'src/**/!(*.e2e).spec.ts' : 'src/**/*.spec.ts';
    targets.test = {
      ...nodeTest(`{projectRoot}/${glob}`, 'reports/junit/{projectName}.xml', runsK6),
      metadata: { description: `Fast specs: ${fast.length} file(s), node --test` },
    };
  }
  if (e2e.length > 0) {
    const glob = allE2e ? 'src/**/*.spec.ts' : 'src/**/*.e2e.spec.ts';
    targets.e2e = {
      ...nodeTest(`{projectRoot}/${glob}`, 'reports/junit/{projectName}-e2e.xml', runsK6),
      metadata: { description: `Real-process specs: ${e2e.length} file(s), minutes` },
    };
  }
  return targets;
}

export function typecheckTarget(p: ProjectFacts): Record<string, TargetConfiguration> {
  if (!p.files.includes('tsconfig.json')) return {};
  return {
    typecheck: {
      executor: 'nx:run-commands',
      options: { command: 'tsc -p {projectRoot}/tsconfig.json' },
      inputs: ['default', '^production', { externalDependencies: ['typescript'] }],
      cache: true,
      metadata: { description: 'tsc --noEmit over the project' },
    },
  };
}

/**
 * Build by convention:
 *  - a k6 project (runtime:k6): one bundle per suite with esbuild;
 *  - a Node app with a Dockerfile: the production bundle, package.json and pruned lockfile the image installs;
 *  - a project with src/build.ts: that script, into dist/<projectRoot>.
 */
export function buildTarget(p: ProjectFacts): Record<string, TargetConfiguration> {
  const build = (
    command: string,
    tools: readonly string[],
    description: string,
  ): Record<string, TargetConfiguration> => ({
    build: {
      executor: 'nx:run-commands',
      dependsOn: ['^build'],
      options: { command },
      inputs: ['production', '^production', ...tools.map((t) => `{workspaceRoot}/${t}`)],
      outputs: ['{workspaceRoot}/dist/{projectRoot}'],
      cache: true,
      metadata: { description },
    },
  });
  if (p.tags.includes('runtime:k6'))
    return build(
      'node tools/src/bundle-k6-suites.ts',
      ['tools/src/bundle-k6-suites.ts', 'libs/workspace/src/workspace-root.ts'],
      'One self-contained k6 bundle per suite in dist/{projectRoot}',
    );
  if (p.files.includes('Dockerfile') && p.files.includes('src/main.ts'))
    return build(
      'node tools/src/bundle-node-app.ts --project {projectRoot} --entry src/main.ts --out dist/{projectRoot}',
      ['tools/src/bundle-node-app.ts', 'tools/src/prune-lockfile.ts'],
      'Production bundle, package.json and pruned lockfile in dist/{projectRoot}',
    );
  if (p.files.includes('src/build.ts'))
    return build(
      'node {projectRoot}/src/build.ts',
      [],
      'The generated output of src/build.ts in dist/{projectRoot}',
    );
  return {};
}

/** A k6 project's `ready`: its bundles built and the pinned k6 (tools:k6) built once; runs nothing. */
export function readyTarget(p: ProjectFacts): Record<string, TargetConfiguration> {
  if (!p.tags.includes('runtime:k6')) return {};
  return {
    [K6_READY_TARGET]: {
      executor: 'nx:noop',
      dependsOn: ['build', { projects: ['tools'], target: 'k6' }],
      metadata: {
        description: 'The suite bundles and the pinned k6: what every k6 run needs first',
      },
    },
  };
}

export function inferTargets(p: ProjectFacts): Record<string, TargetConfiguration> {
  return { ...typecheckTarget(p), ...testTargets(p), ...buildTarget(p), ...readyTarget(p) };
}
