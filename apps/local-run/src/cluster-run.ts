/**
 * `./loadlab demo --cluster`: the cluster path on this machine, through the commands a user runs.
 * A local control plane with a real node (containerd, kubelet, kube-proxy) and the real KEDA,
 * kube-state-metrics and a Prometheus on the host; then kube.sh platform and deploy (the demo
 * overlay), then `nx run load-tests:<suite> --endpoint=… --prometheus=…` (k6 on the host against
 * the Service, then the scaling verifier once the HPA is back at its minimum), then teardown:
 * kube.sh teardown, every process stopped by PID, and a check that nothing is left on the machine.
 * With --runners=N the load is instead `kube.sh load --suite=… --parallelism=N --testid=…`: a
 * k6-operator TestRun (the real operator on the host, as its ServiceAccount) whose initializer and
 * N runners are pods on the real node, remote-writing to the host Prometheus; then
 * `nx run load-tests:verify --testid=… --after-scale-down` judges it from Prometheus alone.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newTestid } from '@loadlab/k6-runner';
import {
  appPods,
  clusterBinaries,
  hostPrometheusConfig,
  clusterVersions,
  k6OperatorMissing,
  NODE_IP,
  prometheusK8sSdBlocker,
  readyReplicas,
  realNodeBlocker,
  realNodeLeftovers,
  REAL_NODE_BINARIES,
  REAL_NODE_PROGRAMS,
  startK6Operator,
  startLocalCluster,
  type Component,
  type LocalCluster,
} from '@loadlab/local-cluster';
import { startPrometheus, type RunningPrometheus } from '@loadlab/local-stack';
import { kubeQueries, TUTORIAL_NAMING } from '@loadlab/metrics';
import { PrometheusApi } from '@loadlab/prometheus-client';
import { startProcess, waitFor } from '@loadlab/process-supervisor';
import { DEMO_SCALING_POLICY } from '@loadlab/scaling';
import { EXIT_CODES, type Verdict } from '@loadlab/verdict';
import {
  imageRecordPath,
  readImageRecord,
  WORKSPACE_CLUSTER,
  WORKSPACE_ROOT,
} from '@loadlab/workspace';
import { cgroupBlocker } from './cluster-preflight.ts';
import type { ClusterRunOptions } from './cluster-options.ts';
import { Progress } from './progress.ts';

const KUBE_SH = 'libs/k8s-manifests/scripts/kube.sh';
const OVERLAY = 'demo';
const APP = DEMO_SCALING_POLICY.target;
const NAMESPACE = 'default';
const IMAGE_RECORD = imageRecordPath('crocodile-api');
/** The TestRuns kube.sh load applies; the images they name must be on the node, which pulls nothing. */
const TESTRUNS = join(WORKSPACE_ROOT, 'libs/k8s-manifests/load/testruns.yaml');
const BUILD_RUNNER_IMAGES = 'bash libs/local-cluster/scripts/build-runner-images.sh';
/** The suites' full lengths in seconds (scale-out: 2m + 8m + 1m; ramp: 13m). */
const SUITE_SECONDS: Record<string, number> = { 'scale-out': 660, ramp: 780 };

export interface ClusterRunResult {
  readonly exitCode: number;
  readonly verdict?: Verdict;
  readonly reportDir?: string;
  /** Why it could not run, when it could not. */
  readonly reason?: string;
  /** From the start of the control plane to the real node Ready with KEDA and kube-state-metrics. */
  readonly clusterUpSeconds?: number;
  readonly wallSeconds: number;
  readonly leftovers: readonly string[];
  /** With --runners: what the crocodile-api pods counted serving, from their own counters. */
  readonly servedRequests?: number;
}

/** Why this machine cannot run the cluster demo, or undefined. */
export function clusterDemoBlocker(): string | undefined {
  const image = imageRef();
  const { missing, dir } = clusterBinaries(WORKSPACE_CLUSTER.binDir, [
    'etcd',
    'kube-apiserver',
    'kube-controller-manager',
    'kube-scheduler',
    'keda-operator',
    'keda-adapter',
    'kube-state-metrics',
    ...REAL_NODE_BINARIES,
  ]);
  return (
    realNodeBlocker(REAL_NODE_PROGRAMS) ??
    cgroupBlocker() ??
    prometheusK8sSdBlocker() ??
    (missing.length
      ? `binaries missing in ${dir}: ${missing.join(', ')} (LOCAL_CLUSTER_REAL_NODE=1 bash libs/local-cluster/scripts/build-binaries.sh)`
      : undefined) ??
    (image ? undefined : `no image in ${IMAGE_RECORD}: run npx nx run crocodile-api:docker-build`)
  );
}

/** The images the TestRuns name (k6 for initializer and runners, the starter), each once. */
export const runnerImages = (): string[] => [
  ...new Set([...readFileSync(TESTRUNS, 'utf8').matchAll(/^\s*image: (\S+)$/gm)].map((m) => m[1]!)),
];

/** Why --runners cannot run here (beyond the demo's own needs), or undefined. */
async function runnersBlocker(): Promise<string | undefined> {
  const missing: string[] = [];
  for (const ref of runnerImages()) {
    const p = startProcess('podman', ['image', 'exists', ref], { name: 'podman-image-exists' });
    if ((await p.exited) !== 0) missing.push(ref);
  }
  return (
    k6OperatorMissing(WORKSPACE_CLUSTER.binDir) ??
    (missing.length
      ? `runner images missing from podman: ${missing.join(', ')}; run ${BUILD_RUNNER_IMAGES}`
      : undefined)
  );
}

function imageRef(): string | undefined {
  return readImageRecord('crocodile-api').local;
}

export async function runCluster(
  o: ClusterRunOptions,
  signal?: AbortSignal,
): Promise<ClusterRunResult> {
  const started = Date.now();
  const wall = () => (Date.now() - started) / 1000;
  const blocker =
    clusterDemoBlocker() ?? (o.runners !== undefined ? await runnersBlocker() : undefined);
  if (blocker) return couldNotRun(blocker);

  const testid = newTestid(`${o.suite}-cluster`);
  const loadSeconds = Math.round((SUITE_SECONDS[o.suite] ?? 660) * o.profile.time);
  const progress = new Progress(6);
  const workDir = await mkdtemp('/tmp/ll-demo-');
  const logDir = join(WORKSPACE_ROOT, 'reports/runs', testid);
  await mkdir(logDir, { recursive: true });
  let cluster: LocalCluster | undefined;
  let prom: RunningPrometheus | undefined;
  let operator: Component | undefined;
  let servedRequests: number | undefined;
  let deployed = false;
  let clusterUpSeconds: number | undefined;
  let exitCode: number = EXIT_CODES['could-not-run'];
  let reason: string | undefined;
  let verdict: Verdict | undefined;
  let reportDir: string | undefined;
  let env: NodeJS.ProcessEnv = process.env;
  const leftovers: string[] = [];

  /** One of the user's commands, as they would type it; its output goes to logs/<name>.log. */
  const command = async (
    name: string,
    argv: readonly string[],
    onOutput?: (s: string) => void,
  ): Promise<number> => {
    progress.note(`$ ${argv.join(' ')}`);
    const p = startProcess(argv[0]!, argv.slice(1), {
      name,
      cwd: WORKSPACE_ROOT,
      env,
      logFile: join(logDir, `${name}.log`),
      onOutput,
    });
    const stop = () => void p.stop('SIGTERM', 5_000);
    signal?.addEventListener('abort', stop, { once: true });
    const code = await p.exited;
    signal?.removeEventListener('abort', stop);
    if (code !== 0) {
      for (const l of p.lastLines(8).split('\n')) progress.note(`  ${l}`);
    }
    return typeof code === 'number' ? code : EXIT_CODES['could-not-run'];
  };
  const must = async (name: string, argv: readonly string[]) => {
    const code = await command(name, argv);
    if (code !== 0)
      throw new Error(`${argv.join(' ')} exited ${code}; its log: ${join(logDir, `${name}.log`)}`);
  };

  try {
    const t0 = Date.now();
    progress.phase('cluster: control plane, real node, KEDA, kube-state-metrics', 30);
    cluster = await startLocalCluster({
      ...WORKSPACE_CLUSTER,
      workDir,
      node: 'real',
      images: [imageRef()!, ...(o.runners ? runnerImages() : [])],
      keda: true,
      kubeStateMetrics: true,
      // A real cluster's default, which the verifier's HPA model assumes too.
      hpaSyncSeconds: 15,
      log: (m) => progress.note(m),
    });
    clusterUpSeconds = (Date.now() - t0) / 1000;
    progress.note(`cluster with a real node up in ${clusterUpSeconds.toFixed(1)} s`);
    prom = await startPrometheus({
      dir: join(workDir, 'prometheus'),
      // Runner pods remote-write to it: on the node's bridge address, which the host reaches too.
      ...(o.runners ? { host: NODE_IP } : {}),
      config: hostPrometheusConfig(cluster, join(workDir, 'pki')),
    });
    progress.note(`Prometheus (host, reads the cluster as our cluster config does): ${prom.url}`);
    env = {
      ...process.env,
      KUBECONFIG: cluster.kubeconfig,
      // KEDA runs on the host here: its CRDs and RBAC are what platform applies.
      LOADLAB_PLATFORM_SOURCE: 'vendored',
      NX_DAEMON: 'false',
      NX_TUI: 'false',
      // A new connection per request, so kube-proxy spreads them over pods added mid-run.
      K6_NO_CONNECTION_REUSE: 'true',
    };

    progress.phase('platform: kube.sh platform', 15);
    await must('platform', ['bash', KUBE_SH, 'platform']);
    if (o.runners) {
      // platform applied the operator's CRDs, namespace, ServiceAccount and RBAC; it runs on the host.
      operator = await startK6Operator({
        binDir: WORKSPACE_CLUSTER.binDir,
        kubectl: cluster.kubectl,
        server: cluster.server,
        workDir,
        logDir: cluster.logDir,
      });
      progress.note(
        `k6-operator ${clusterVersions(WORKSPACE_CLUSTER.versionsEnv).k6Operator} running on the host as its ServiceAccount (log: ${operator.logFile})`,
      );
    }

    progress.phase(`deploy: kube.sh deploy --overlay=${OVERLAY}`, 30);
    deployed = true;
    await must('deploy', ['bash', KUBE_SH, 'deploy', `--overlay=${OVERLAY}`]);
    // KEDA runs on the host, where the in-cluster Prometheus name does not resolve.
    await cluster.kubectl([
      '-n',
      NAMESPACE,
      'patch',
      'scaledobject',
      APP,
      '--type=json',
      '-p',
      JSON.stringify([
        { op: 'replace', path: '/spec/triggers/0/metadata/serverAddress', value: prom.url },
      ]),
    ]);
    progress.note(`ScaledObject ${APP}: serverAddress set to the host Prometheus, ${prom.url}`);
    await waitFor(
      async () =>
        (await cluster!.kubectl(['-n', NAMESPACE, 'get', 'hpa', '-o', 'name'])).includes(
          `keda-hpa-${APP}`,
        ),
      { what: `KEDA's HPA keda-hpa-${APP}`, timeoutMs: 60_000, intervalMs: 1000 },
    );
    const ip = (
      await cluster.kubectl([
        '-n',
        NAMESPACE,
        'get',
        'service',
        APP,
        '-o',
        'jsonpath={.spec.clusterIP}',
      ])
    ).trim();

    // The rollout is done, but kube-proxy programs the Service's rules on its own time: the load
    // starts once the Service answers, so k6's first requests do not meet a Service not yet routed.
    await waitFor(
      async () => {
        for (let i = 0; i < 10; i++) {
          // /readyz: the app does not count it, so the pods' request counters hold k6's alone.
          const r = await fetch(`http://${ip}:4000/readyz`, {
            signal: AbortSignal.timeout(2_000),
          }).catch(() => undefined);
          await r?.body?.cancel();
          if (r?.status !== 200) return false;
        }
        return true;
      },
      { what: `the Service ${APP} answering on ${ip}:4000`, timeoutMs: 60_000, intervalMs: 1000 },
    );
    progress.note(`the Service answers on http://${ip}:4000 (10 requests in a row)`);
    // The verdict's replica series begin at the load's start, from the last kube-state-metrics
    // scrape before it: the load waits until Prometheus holds the Deployment at its minimum, or
    // the chart begins at 0 ready (a CI run's --runners demo, which starts the load sooner).
    const min = DEMO_SCALING_POLICY.minReplicas;
    const promApi = new PrometheusApi(prom.url);
    await waitFor(
      async () =>
        (await promApi.query(kubeQueries.readyReplicas({ namespace: NAMESPACE, app: APP })))[0]
          ?.value === min,
      {
        what: `Prometheus to see ${APP} at ${min} ready replica (kube-state-metrics)`,
        timeoutMs: 60_000,
        intervalMs: 1000,
        signal,
      },
    );

    progress.phase(
      o.runners
        ? `load: ${o.suite}, profile ${o.loadProfile}, a k6-operator TestRun of ${o.runners} runner pods against the Service`
        : `load: ${o.suite}, profile ${o.loadProfile}, k6 on the host against the Service`,
      loadSeconds + (o.runners ? 45 : 15),
    );
    const fault = o.fault
      ? injectFault(
          o.fault,
          loadSeconds,
          cluster,
          () => prom!,
          (p) => (prom = p),
          workDir,
          (m) => progress.note(m),
        )
      : undefined;
    const verifyPhase = () =>
      progress.phase(
        `verify: the HPA back at ${DEMO_SCALING_POLICY.minReplicas} replica, then the verdict from Prometheus`,
        90,
      );
    let verifying = false;
    const code = o.runners
      ? await loadWithRunners(o.runners)
      : await command(
          'load',
          [
            'npx',
            'nx',
            'run',
            `load-tests:${o.suite}`,
            // Streamed, so the verify step shows when it starts (static holds a task's output to its end).
            '--output-style=stream-without-prefixes',
            '--',
            `--endpoint=http://${ip}:4000/crocodiles`,
            `--prometheus=${prom.url}`,
            `--scaling-policy=${OVERLAY}`,
            `--time-scale=${o.profile.time}`,
            `--vu-scale=${o.profile.vus}`,
            ...(o.profile.rate ? ['-e', `RATE=${o.profile.rate}`, '-e', 'RATE_SCALE=1'] : []),
            // A fault's errors must not stop the load: the scaling under it is judged too.
            ...(o.fault ? ['-e', 'ABORT_ON_FAIL=false'] : []),
            `--testid=${testid}`,
          ],
          (s) => {
            if (!verifying && /waiting for the scale-down/.test(s)) {
              verifying = true;
              verifyPhase();
            }
          },
        );

    /**
     * The load as a user runs it on a cluster: kube.sh load (the TestRun, waited for, its runner
     * Jobs read), then load-tests:verify over the same testid once the HPA is back at its minimum.
     * The demo cluster has no cluster DNS and no in-cluster Prometheus, so --env points the runners
     * at the Service's ClusterIP and the host Prometheus; the rest of the TestRun is ours as rendered.
     */
    async function loadWithRunners(runners: number): Promise<number> {
      const start = new Date();
      const load = await command('load', [
        'bash',
        KUBE_SH,
        'load',
        `--suite=${o.suite}`,
        `--parallelism=${runners}`,
        `--testid=${testid}`,
        `--timeout=${loadSeconds + 300}`,
        `--env=BASE_URL=http://${ip}:4000`,
        `--env=K6_PROMETHEUS_RW_SERVER_URL=${prom!.remoteWriteUrl}`,
        `--env=TIME_SCALE=${o.profile.time}`,
        `--env=VU_SCALE=${o.profile.vus}`,
        ...(o.profile.rate ? [`--env=RATE=${o.profile.rate}`, '--env=RATE_SCALE=1'] : []),
        // A new connection per request, so kube-proxy spreads them over pods added mid-run.
        '--env=K6_NO_CONNECTION_REUSE=true',
        ...(o.fault ? ['--env=ABORT_ON_FAIL=false'] : []),
      ]);
      // Could not run (a bad option, no CRD): there is nothing to verify.
      if (load === EXIT_CODES['could-not-run']) return load;
      verifyPhase();
      const verify = await command('verify', [
        'npx',
        'nx',
        'run',
        'load-tests:verify',
        '--output-style=stream-without-prefixes',
        '--',
        `--prometheus=${prom!.url}`,
        `--testid=${testid}`,
        `--start=${start.toISOString()}`,
        '--after-scale-down',
        `--scaling-policy=${OVERLAY}`,
        `--out=${join(WORKSPACE_ROOT, 'reports/verify', testid)}`,
      ]);
      servedRequests = await served(prom!.url, start).catch((err: Error) => {
        progress.note(`the pods' served count could not be read: ${err.message}`);
        return undefined;
      });
      // A failed runner fails the run, whatever the verdict from Prometheus says.
      return Math.max(load === 0 ? 0 : 1, verify);
    }
    await fault?.catch((err: Error) => progress.note(`fault injection: ${err.message}`));
    reportDir = join(WORKSPACE_ROOT, 'reports/verify', testid);
    const verdictFile = join(reportDir, 'verdict.json');
    if (existsSync(verdictFile)) verdict = JSON.parse(readFileSync(verdictFile, 'utf8')) as Verdict;
    // No verdict is never a pass, whatever the step's exit code. nx exits 1 for any failed task,
    // so the verdict's status gives the code (2 for could not run), the step's only raises it to 1.
    exitCode = verdict
      ? Math.max(code === 0 ? 0 : 1, EXIT_CODES[verdict.status])
      : Math.max(code, EXIT_CODES['could-not-run']);
    if (!verdict)
      reason = signal?.aborted
        ? `interrupted (${(signal.reason as Error | undefined)?.message ?? 'Ctrl-C'}): the run is incomplete, no verdict`
        : `the load and verify step gave no verdict (exit ${code}); its log: ${join(logDir, 'load.log')}`;
  } catch (err) {
    reason = (err as Error).message;
    exitCode = EXIT_CODES['could-not-run'];
  } finally {
    progress.phase('teardown: kube.sh teardown, the cluster and every process stopped', 30);
    if (deployed && cluster) {
      const code = await command('teardown', ['bash', KUBE_SH, 'teardown', `--overlay=${OVERLAY}`]);
      if (code !== 0)
        progress.note(`kube.sh teardown exited ${code}; the cluster is stopped all the same`);
    }
    // The TestRun's Jobs and pods go with it (garbage collection): none may outlive the teardown.
    const runnerPods = o.runners && cluster ? await podsGone(cluster) : [];
    if (runnerPods.length) leftovers.push(`TestRun pods still present: ${runnerPods.join(', ')}`);
    const pids = [
      ...(cluster?.processes ?? []),
      ...(prom ? [{ name: 'prometheus', pid: prom.proc.pid }] : []),
      ...(operator ? [{ name: 'k6-operator', pid: operator.proc.pid }] : []),
    ];
    await operator?.stop().catch((err: Error) => progress.note(`k6-operator stop: ${err.message}`));
    await prom?.stop().catch(() => undefined);
    await cluster?.stop().catch((err: Error) => progress.note(`cluster stop: ${err.message}`));
    await rm(workDir, { recursive: true, force: true });
    progress.done();
    leftovers.push(...(await realNodeLeftovers(workDir, pids)));
  }
  if (leftovers.length) {
    reason = `teardown left these behind: ${leftovers.join('; ')}`;
    exitCode = EXIT_CODES['could-not-run'];
  }
  return {
    exitCode,
    verdict,
    reportDir,
    reason,
    clusterUpSeconds,
    wallSeconds: wall(),
    leftovers,
    ...(servedRequests === undefined ? {} : { servedRequests }),
  };

  function couldNotRun(why: string): ClusterRunResult {
    return {
      exitCode: EXIT_CODES['could-not-run'],
      reason: why,
      wallSeconds: wall(),
      leftovers: [],
    };
  }
}

/** Waits, bounded, until no pod of a TestRun (label k6_cr) is left; returns those that are. */
async function podsGone(cluster: LocalCluster): Promise<string[]> {
  const left = async () =>
    (await cluster.kubectl(['-n', NAMESPACE, 'get', 'pods', '-l', 'k6_cr', '-o', 'name']))
      .split('\n')
      .filter(Boolean);
  const deadline = Date.now() + 60_000;
  let pods = await left().catch(() => ['(the API could not be asked)']);
  while (pods.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2000));
    pods = await left().catch(() => ['(the API could not be asked)']);
  }
  return pods;
}

/**
 * Every request the crocodile-api pods counted since start (the app counts neither probes, /readyz
 * nor /metrics), from their own counters: each series' highest value, summed. The pods served
 * nothing of the run before start; a pod restarted mid-run would count short, never over.
 */
async function served(prometheusUrl: string, start: Date): Promise<number> {
  const window = Math.ceil((Date.now() - start.getTime()) / 1000) + 60;
  const r = await new PrometheusApi(prometheusUrl).query(
    `sum(max_over_time(${TUTORIAL_NAMING.requestsTotal}{namespace="${NAMESPACE}"}[${window}s]))`,
  );
  const v = r[0]?.value;
  if (v === undefined) throw new Error('Prometheus holds no request counter of the pods');
  return v;
}

/**
 * One fault mid-load: once the Deployment has 2 ready replicas, one API pod deleted through the
 * API (the kubelet stops it: preStop, SIGTERM; the ReplicaSet replaces it); or, half-way through
 * the load, the host Prometheus stopped and started again on the same port with an empty TSDB, as
 * a Prometheus pod without a volume comes back.
 */
async function injectFault(
  fault: NonNullable<ClusterRunOptions['fault']>,
  loadSeconds: number,
  cluster: LocalCluster,
  getProm: () => RunningPrometheus,
  setProm: (p: RunningPrometheus) => void,
  workDir: string,
  note: (m: string) => void,
): Promise<void> {
  if (fault === 'delete-api-pod') {
    // Once it has scaled out: one pod of several goes, and the scaling goes on around it.
    await waitFor(async () => (await readyReplicas(cluster.kubectl, APP, NAMESPACE)) >= 2, {
      what: `${APP} at 2 ready replicas`,
      timeoutMs: loadSeconds * 1000,
      intervalMs: 1000,
    });
    const pod = (await appPods(cluster.kubectl, APP, NAMESPACE))[0]!.metadata.name;
    await cluster.kubectl(['-n', NAMESPACE, 'delete', 'pod', pod, '--wait=false']);
    note(`fault: deleted pod ${pod} mid-load`);
    return;
  }
  await new Promise((r) => setTimeout(r, (loadSeconds / 2) * 1000));
  const old = getProm();
  const port = Number(new URL(old.url).port);
  await old.stop();
  const dir = join(workDir, 'prometheus');
  await rm(join(dir, 'tsdb'), { recursive: true, force: true });
  setProm(
    await startPrometheus({
      dir,
      port,
      config: hostPrometheusConfig(cluster, join(workDir, 'pki')),
    }),
  );
  note(`fault: Prometheus restarted mid-load on port ${port}, its data lost`);
}
