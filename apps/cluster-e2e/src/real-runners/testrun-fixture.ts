/**
 * k6-operator TestRuns on the real node: our load manifests' TestRun and scripts ConfigMap as
 * rendered by kustomize, the operator on the host as its own ServiceAccount, and what a run left
 * behind (its pods, its stage) read back through the API.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { clusterVersions, k6OperatorBundle, type LocalCluster } from '@loadlab/local-cluster';
import { WORKSPACE_CLUSTER } from '@loadlab/workspace';
import { type K8sObject, OVERLAYS, renderOverlay } from '@loadlab/e2e-fixtures';

export const K6_OPERATOR_PLATFORM = k6OperatorBundle(
  clusterVersions(WORKSPACE_CLUSTER.versionsEnv),
);
export const BUILD_RUNNER_IMAGES = 'bash libs/local-cluster/scripts/build-runner-images.sh';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: object;
}
interface TestRunPod {
  image: string;
  env: EnvVar[];
}
export interface TestRunObject extends K8sObject {
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec: {
    parallelism: number;
    arguments: string;
    initializer: TestRunPod;
    runner: TestRunPod;
    starter?: { image: string };
    script: { configMap: { name: string; file: string } };
  };
}

export function renderLoad(): { testRuns: TestRunObject[]; scripts: K8sObject } {
  const docs = renderOverlay(OVERLAYS.load);
  return {
    testRuns: docs.filter((d) => d.kind === 'TestRun') as TestRunObject[],
    scripts: docs.find((d) => d.kind === 'ConfigMap')!,
  };
}

/** The images our TestRuns name (initializer, runner, starter), each once. */
export const testRunImages = (t: TestRunObject): string[] => [
  ...new Set([t.spec.initializer.image, t.spec.runner.image, t.spec.starter?.image ?? '']),
];

/** A copy of t for one run: its name, parallelism, testid, and env values set or replaced. */
export function forRun(
  t: TestRunObject,
  o: {
    name: string;
    parallelism: number;
    testid: string;
    env: Record<string, string>;
    script?: { name: string; file: string };
  },
): TestRunObject {
  const copy = structuredClone(t);
  if (o.script) copy.spec.script = { configMap: o.script };
  copy.metadata.name = o.name;
  copy.spec.parallelism = o.parallelism;
  const old = /--tag testid=(\S+)/.exec(copy.spec.arguments)![1]!;
  copy.spec.arguments = copy.spec.arguments.replace(
    `--tag testid=${old}`,
    `--tag testid=${o.testid}`,
  );
  const env = { ...o.env, TESTID: o.testid };
  for (const pod of [copy.spec.initializer, copy.spec.runner]) {
    const names = new Set(Object.keys(env));
    pod.env = [
      ...pod.env.filter((e) => !names.has(e.name)),
      ...Object.entries(env).map(([name, value]) => ({ name, value })),
    ];
  }
  return copy;
}

export interface RunPod {
  name: string;
  job: string;
  node: string;
  image: string;
  phase: string;
  exitCode: number | null;
  reason?: string;
}

/** The pods the operator made for a TestRun (label k6_cr), with how each ended. */
export async function testRunPods(c: LocalCluster, ns: string, name: string): Promise<RunPod[]> {
  type Pod = {
    metadata: { name: string; labels?: Record<string, string> };
    spec: { nodeName?: string; containers: { image: string }[] };
    status: {
      phase: string;
      containerStatuses?: {
        state?: { terminated?: { exitCode: number; reason?: string } };
      }[];
    };
  };
  const pods = JSON.parse(
    await c.kubectl(['-n', ns, 'get', 'pods', '-l', `k6_cr=${name}`, '-o', 'json']),
  ) as { items: Pod[] };
  return pods.items.map((p) => {
    const t = p.status.containerStatuses?.[0]?.state?.terminated;
    return {
      name: p.metadata.name,
      job: p.metadata.labels?.['job-name'] ?? '',
      node: p.spec.nodeName ?? '',
      image: p.spec.containers[0]!.image,
      phase: p.status.phase,
      exitCode: t ? t.exitCode : null,
      ...(t?.reason ? { reason: t.reason } : {}),
    };
  });
}

export const stageOf = async (c: LocalCluster, ns: string, name: string) =>
  (await c.kubectl(['-n', ns, 'get', 'testrun', name, '-o', 'jsonpath={.status.stage}'])).trim();

/**
 * Waits, bounded, until the TestRun's stage is finished or error; returns the stages seen in
 * order. Throws naming the last stage when the bound passes (a stuck run is reported, not waited on).
 */
export async function waitForTestRun(
  c: LocalCluster,
  ns: string,
  name: string,
  timeoutMs: number,
  log: (m: string) => void,
): Promise<string[]> {
  const seen: string[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const stage = await stageOf(c, ns, name).catch(() => '');
    if (stage && seen.at(-1) !== stage) {
      seen.push(stage);
      log(`TestRun ${name}: ${stage}`);
    }
    if (stage === 'finished' || stage === 'error') return seen;
    await sleep(2000);
  }
  throw new Error(
    `TestRun ${name} not finished after ${timeoutMs / 1000} s (stages seen: ${seen.join(' -> ') || 'none'})`,
  );
}

/**
 * Applies k6-operator's CRDs and RBAC (as `kube.sh platform` does) and waits, bounded, until the
 * TestRun CRD is Established. Polled: `kubectl wait` fails outright while the new CRD has no
 * conditions yet.
 */
export async function applyK6OperatorPlatform(c: LocalCluster): Promise<void> {
  await c.kubectl(['apply', '--server-side', '-f', K6_OPERATOR_PLATFORM]);
  const established = () =>
    c.kubectl([
      'get',
      'crd',
      'testruns.k6.io',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Established")].status}',
    ]);
  for (let i = 0; i < 60; i++) {
    if ((await established().catch(() => '')).trim() === 'True') return;
    await sleep(1000);
  }
  throw new Error('the TestRun CRD (testruns.k6.io) was not Established within 60 s');
}
