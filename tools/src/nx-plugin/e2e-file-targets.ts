/**
 * One target per `src/<name>.e2e.ts`: `e2e-<name>`, a real-process spec that runs alone (a real
 * node, a control plane, minutes). The file says what it needs in its docblock, the way jest reads
 * `@jest-environment`:
 *
 *   @e2e-needs image k6 real-node prometheus-k8s k6-operator runner-images
 *   @e2e-timeout 2700
 *
 * A need is an Nx target to run first (the image, k6 and the bundles, the manifests) or a setup
 * script (run in one fixed order), and the timeout (seconds) bounds every test of the file.
 */
import type { TargetConfiguration, TargetDependencyConfig } from '@nx/devkit';
import { K6_READY } from './infer-targets.ts';

/** `src/<name>.e2e.ts`, relative to the project root; the name is the target's suffix. */
export const E2E_FILE = /^src\/([a-z0-9-]+)\.e2e\.ts$/;

/** The setup steps, in the order they run; a need names the steps it takes. */
const STEPS: readonly { need: string; run: string }[] = [
  { need: 'real-node', run: 'bash tools/setup/ensure-real-node.sh' },
  {
    need: 'prometheus-k8s',
    run: 'bash tools/setup/ensure-prometheus-k8s.sh && export PATH=$PWD/.tools/promtool:$PATH',
  },
  {
    need: 'real-node',
    run: 'LOCAL_CLUSTER_REAL_NODE=1 bash libs/local-cluster/scripts/build-binaries.sh',
  },
  { need: 'k6-operator', run: 'bash libs/local-cluster/scripts/build-k6-operator.sh' },
  { need: 'runner-images', run: 'bash libs/local-cluster/scripts/build-runner-images.sh' },
  { need: 'platform-images', run: 'bash libs/local-cluster/scripts/build-platform-images.sh' },
];

/** The needs that are Nx targets: built (and cached) by Nx before the file runs. */
const TARGETS: Readonly<Record<string, TargetDependencyConfig>> = {
  /** The crocodile-api image (dist/images/crocodile-api.json). */
  image: { projects: ['crocodile-api'], target: 'docker-build' },
  /** k6 on this machine: the bundles and the pinned k6. */
  k6: K6_READY[0]!,
  /** The bundles only, for k6 in runner pods (their image builds its own k6). */
  bundles: { projects: ['load-tests'], target: 'build' },
  /** The rendered manifests (a TestRun's ConfigMap holds a bundle). */
  manifests: { projects: ['k8s-manifests'], target: 'generate' },
  /** The control plane's binaries, for a cluster without a real node. */
  'cluster-binaries': { projects: ['local-cluster'], target: 'binaries' },
};

export const E2E_NEEDS: readonly string[] = [
  ...Object.keys(TARGETS),
  ...new Set(STEPS.map((s) => s.need)),
];

/** The needs and timeout a file's first docblock declares; an unknown need names the file. */
export function e2ePragmas(file: string, text: string): { needs: string[]; timeoutS?: number } {
  const docblock = /^\s*\/\*\*([\s\S]*?)\*\//.exec(text)?.[1] ?? '';
  const needs = /@e2e-needs\s+([^\n*]+)/.exec(docblock)?.[1]?.trim().split(/\s+/) ?? [];
  const unknown = needs.filter((n) => !E2E_NEEDS.includes(n));
  if (unknown.length > 0)
    throw new Error(
      `${file}: unknown @e2e-needs ${unknown.join(', ')} (known: ${E2E_NEEDS.join(', ')})`,
    );
  const timeout = /@e2e-timeout\s+(\d+)/.exec(docblock)?.[1];
  return { needs, ...(timeout ? { timeoutS: Number(timeout) } : {}) };
}

/** The `e2e-<name>` target of one e2e file (path relative to the project root). */
export function e2eFileTarget(file: string, text: string): Record<string, TargetConfiguration> {
  const name = E2E_FILE.exec(file)?.[1];
  if (!name) return {};
  const { needs, timeoutS } = e2ePragmas(file, text);
  const target = `e2e-${name}`;
  const report = `reports/junit/{projectName}-${target}.xml`;
  const command = [
    ...STEPS.filter((s) => needs.includes(s.need)).map((s) => s.run),
    'mkdir -p reports/junit',
    [
      'node --test',
      ...(timeoutS ? [`--test-timeout=${timeoutS * 1000}`] : []),
      '--test-reporter=spec --test-reporter-destination=stdout',
      `--test-reporter=junit --test-reporter-destination=${report}`,
      `{projectRoot}/${file}`,
    ].join(' '),
  ].join(' && ');
  return {
    [target]: {
      executor: 'nx:run-commands',
      dependsOn: needs.filter((n) => n in TARGETS).map((n) => TARGETS[n]!),
      options: { command },
      cache: false,
      metadata: {
        description: `Real-process spec ${file}, alone${needs.length > 0 ? `; needs ${needs.join(', ')}` : ''}`,
      },
    },
  };
}
