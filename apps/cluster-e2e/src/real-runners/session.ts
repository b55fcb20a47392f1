/**
 * One real-node cluster set up for k6-operator TestRuns, shared by the real-runner e2es: our
 * crocodile-api Deployment, Service and ScaledObject (minikube overlay), the real KEDA and HPA,
 * kube-state-metrics, the real k6-operator as its ServiceAccount, the runner images imported, and
 * a Prometheus on the node's bridge address, where the runner pods remote-write.
 *
 * Until the platform runs as pods with cluster DNS, the TestRun's BASE_URL and remote-write URL
 * are set to the Service's ClusterIP and that Prometheus; the rest of the TestRun is ours as rendered.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { newTestid } from '@loadlab/k6-runner';
import {
  hostPrometheusConfig,
  k6OperatorMissing,
  NODE_IP,
  startK6Operator,
  startLocalCluster,
  type Component,
  type LocalCluster,
} from '@loadlab/local-cluster';
import { startPrometheus, type RunningPrometheus } from '@loadlab/local-stack';
import { waitFor } from '@loadlab/process-supervisor';
import { DEMO_SCALING_POLICY } from '@loadlab/scaling';
import { WORKSPACE_CLUSTER } from '@loadlab/workspace';
import {
  APP,
  appObjects,
  asList,
  builtImage,
  podmanHasImage,
  realNodeSkip,
  renderOverlay,
  startRealNodeCluster,
} from '@loadlab/e2e-fixtures';
import { REAL_NODE_CHECKS } from '@loadlab/local-cluster';
import { ReplicaSampler } from '../replica-sampler.ts';
import {
  BUILD_RUNNER_IMAGES,
  forRun,
  applyK6OperatorPlatform,
  renderLoad,
  testRunImages,
  testRunPods,
  waitForTestRun,
  type RunPod,
} from './testrun-fixture.ts';

export const NS = 'default';
export const SUITE = 'scale-out';
/**
 * 150 req/s scales to 2-3 pods. 11 minutes compressed to about 200 s: the pods the HPA adds about
 * 65 s in must then serve the peak for a full per-pod rate window (60 s), or the load spread is
 * judged only on the dregs, and not judged (at 0.15, 100 s, it never was).
 */
export const PROFILE = {
  RATE: '150',
  RATE_SCALE: '1',
  TIME_SCALE: '0.3',
  // A new connection per request, so kube-proxy spreads them over pods added mid-run.
  K6_NO_CONNECTION_REUSE: 'true',
} as const;
/**
 * The demo overlay's policy, the one the ScaledObject applies here and the verifier models: the
 * base's, with a 15 s scale-down window, so the scale-in comes within the run.
 */
export const POLICY = DEMO_SCALING_POLICY;
const SCALE_DOWN_WINDOW_S = POLICY.behavior.scaleDown.stabilizationWindowSeconds;

const image = builtImage();
const load = renderLoad();
export const TEMPLATE = load.testRuns.find(
  (t) => t.metadata.labels?.['loadlab.dev/suite'] === SUITE,
)!;
const images = testRunImages(TEMPLATE);

/** Why the real-runner e2es cannot run here, or undefined. */
export function runnersSkip(): string | undefined {
  const missingImages = images.filter((ref) => !podmanHasImage(ref));
  return (
    realNodeSkip(REAL_NODE_CHECKS, {
      binaries: ['keda-operator', 'keda-adapter', 'kube-state-metrics'],
      prometheus: true,
    }) ??
    k6OperatorMissing(WORKSPACE_CLUSTER.binDir) ??
    (missingImages.length
      ? `images missing: ${missingImages.join(', ')}; run ${BUILD_RUNNER_IMAGES}`
      : undefined)
  );
}

export interface TestRunOutcome {
  readonly name: string;
  readonly testid: string;
  readonly stages: string[];
  readonly pods: RunPod[];
  readonly start: Date;
  readonly end: Date;
}

export interface RunnerSession {
  readonly cluster: LocalCluster;
  readonly prom: RunningPrometheus;
  readonly sampler: ReplicaSampler;
  readonly baseUrl: string;
  readonly operator: Component;
  /** Applies one TestRun of the suite (env replaces PROFILE's values); returns its testid. */
  applyTestRun(
    name: string,
    parallelism: number,
    env?: Record<string, string>,
    script?: { name: string; file: string },
  ): Promise<string>;
  /** Waits, bounded, for a TestRun applied by applyTestRun, and reads back its pods. */
  finish(name: string, testid: string, start: Date, timeoutMs?: number): Promise<TestRunOutcome>;
  /** Stops the k6-operator by PID (SIGTERM), leaves it down for downMs, starts it again. */
  restartOperator(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startRunnerSession(log: (m: string) => void): Promise<RunnerSession> {
  const cluster = await startRealNodeCluster((base) =>
    startLocalCluster({
      ...base,
      images: [image!, ...images],
      keda: true,
      kubeStateMetrics: true,
      hpaSyncSeconds: 15,
      log,
    }),
  );
  const { workDir } = cluster;
  const parts: { prom?: RunningPrometheus; operator?: Component; sampler?: ReplicaSampler } = {};
  const stop = async () => {
    await parts.sampler?.stop();
    await parts.operator?.stop();
    await parts.prom?.stop();
    await cluster.stop();
  };
  try {
    // On the bridge address: the runner pods remote-write here; the host reaches it too.
    const prom = (parts.prom = await startPrometheus({
      dir: join(workDir, 'prometheus'),
      host: NODE_IP,
      config: hostPrometheusConfig(cluster, join(workDir, 'pki')),
    }));
    const objects = appObjects(renderOverlay(), ['Deployment', 'Service', 'ScaledObject'], image!);
    const so = objects.find((o) => o.kind === 'ScaledObject')!;
    // KEDA runs on the host, where the in-cluster Prometheus name does not resolve.
    so.spec.triggers[0].metadata.serverAddress = prom.url;
    so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds =
      SCALE_DOWN_WINDOW_S;
    await cluster.kubectl(['apply', '-f', '-'], asList([...objects, load.scripts]));
    // The operator's CRDs and RBAC as `kube.sh platform` applies them; the operator as its ServiceAccount.
    await applyK6OperatorPlatform(cluster);
    const startOperator = () =>
      startK6Operator({
        binDir: WORKSPACE_CLUSTER.binDir,
        kubectl: cluster.kubectl,
        server: cluster.server,
        workDir,
        logDir: cluster.logDir,
      });
    parts.operator = await startOperator();
    const sampler = (parts.sampler = new ReplicaSampler(cluster, NS, [APP], log));
    await waitFor(
      async () =>
        (await cluster.kubectl(['get', 'hpa', '-o', 'name'])).includes(`keda-hpa-${APP}`) &&
        (await sampler.sample())[0]!.ready >= POLICY.minReplicas,
      { what: 'the pod Ready and the KEDA HPA created', timeoutMs: 120_000, intervalMs: 1000 },
    );
    sampler.start(5_000);
    const ip = (
      await cluster.kubectl(['get', 'service', APP, '-o', 'jsonpath={.spec.clusterIP}'])
    ).trim();
    const baseUrl = `http://${ip}:4000`;
    log(`ready: ${APP} at ${baseUrl}, Prometheus at ${prom.url}`);
    return {
      cluster,
      prom,
      sampler,
      baseUrl,
      get operator() {
        return parts.operator!;
      },
      async applyTestRun(name, parallelism, env = {}, script) {
        const testid = newTestid(`real-runners-${parallelism}`);
        const tr = forRun(TEMPLATE, {
          name,
          parallelism,
          testid,
          env: {
            ...PROFILE,
            BASE_URL: baseUrl,
            K6_PROMETHEUS_RW_SERVER_URL: prom.remoteWriteUrl,
            ...env,
          },
          ...(script ? { script } : {}),
        });
        await cluster.kubectl(['apply', '-f', '-'], JSON.stringify(tr));
        return testid;
      },
      async finish(name, testid, start, timeoutMs = 360_000) {
        const stages = await waitForTestRun(cluster, NS, name, timeoutMs, log);
        const end = new Date();
        const pods = await testRunPods(cluster, NS, name);
        for (const p of pods)
          log(`${p.name} on ${p.node}: ${p.phase}, exit ${p.exitCode} ${p.reason ?? ''}`);
        return { name, testid, stages, pods, start, end };
      },
      async restartOperator(downMs) {
        await parts.operator?.stop();
        parts.operator = undefined;
        await sleep(downMs);
        parts.operator = await startOperator();
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
