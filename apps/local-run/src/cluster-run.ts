/**
 * `./loadlab demo --cluster`: the cluster path on this machine, through the commands a user runs.
 * A local control plane with a real node (containerd, kubelet, kube-proxy) and the real KEDA,
 * kube-state-metrics and a Prometheus on the host; then kube.sh platform and deploy (the demo
 * overlay), then `nx run load-tests:<suite> --endpoint=… --prometheus=…` (k6 on the host against
 * the Service, then the scaling verifier once the HPA is back at its minimum), then teardown:
 * kube.sh teardown, every process stopped by PID, and a check that nothing is left on the machine.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newTestid } from '@loadlab/k6-runner';
import {
  clusterBinaries,
  hostPrometheusConfig,
  realNodeBlocker,
  realNodeLeftovers,
  REAL_NODE_BINARIES,
  REAL_NODE_PROGRAMS,
  startLocalCluster,
  type LocalCluster,
} from '@loadlab/local-cluster';
import { startPrometheus, type RunningPrometheus } from '@loadlab/local-stack';
import { startProcess, waitFor } from '@loadlab/process-supervisor';
import { DEMO_SCALING_POLICY } from '@loadlab/scaling';
import { EXIT_CODES, type Verdict } from '@loadlab/verdict';
import { WORKSPACE_CLUSTER, WORKSPACE_ROOT } from '@loadlab/workspace';
import { cgroupBlocker, prometheusK8sSdBlocker } from './cluster-preflight.ts';
import type { ClusterRunOptions } from './cluster-options.ts';
import { Progress } from './progress.ts';

const KUBE_SH = 'libs/k8s-manifests/scripts/kube.sh';
const OVERLAY = 'demo';
const APP = DEMO_SCALING_POLICY.target;
const NAMESPACE = 'default';
const IMAGE_RECORD = join(WORKSPACE_ROOT, 'dist/images/crocodile-api.json');
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

function imageRef(): string | undefined {
  if (!existsSync(IMAGE_RECORD)) return undefined;
  return (JSON.parse(readFileSync(IMAGE_RECORD, 'utf8')) as { local?: string }).local;
}

export async function runCluster(
  o: ClusterRunOptions,
  signal?: AbortSignal,
): Promise<ClusterRunResult> {
  const started = Date.now();
  const wall = () => (Date.now() - started) / 1000;
  const blocker =
    clusterDemoBlocker() ??
    (o.runners !== undefined
      ? '--runners needs the k6 runner image on the real node, which this machine cannot build yet (issue 30: real runner pods); run without --runners: k6 on the host, as the tutorial does'
      : undefined);
  if (blocker) return couldNotRun(blocker);

  const testid = newTestid(`${o.suite}-cluster`);
  const loadSeconds = Math.round((SUITE_SECONDS[o.suite] ?? 660) * o.profile.time);
  const progress = new Progress(6);
  const workDir = await mkdtemp('/tmp/ll-demo-');
  const logDir = join(WORKSPACE_ROOT, 'reports/runs', testid);
  await mkdir(logDir, { recursive: true });
  let cluster: LocalCluster | undefined;
  let prom: RunningPrometheus | undefined;
  let deployed = false;
  let clusterUpSeconds: number | undefined;
  let exitCode: number = EXIT_CODES['could-not-run'];
  let reason: string | undefined;
  let verdict: Verdict | undefined;
  let reportDir: string | undefined;
  let env: NodeJS.ProcessEnv = process.env;
  let leftovers: string[] = [];

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
      images: [imageRef()!],
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
          const r = await fetch(`http://${ip}:4000/crocodiles`, {
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

    progress.phase(
      `load: ${o.suite}, profile ${o.loadProfile}, k6 on the host against the Service`,
      loadSeconds + 15,
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
    let verifying = false;
    const code = await command(
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
          progress.phase(
            `verify: the HPA back at ${DEMO_SCALING_POLICY.minReplicas} replica, then the verdict from Prometheus`,
            90,
          );
        }
      },
    );
    await fault?.catch((err: Error) => progress.note(`fault injection: ${err.message}`));
    reportDir = join(WORKSPACE_ROOT, 'reports/verify', testid);
    const verdictFile = join(reportDir, 'verdict.json');
    if (existsSync(verdictFile)) verdict = JSON.parse(readFileSync(verdictFile, 'utf8')) as Verdict;
    // No verdict is never a pass, whatever the step's exit code.
    exitCode = verdict ? code : Math.max(code, EXIT_CODES['could-not-run']);
    if (!verdict)
      reason = `the load and verify step gave no verdict (exit ${code}); its log: ${join(logDir, 'load.log')}`;
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
    const pids = [
      ...(cluster?.processes ?? []),
      ...(prom ? [{ name: 'prometheus', pid: prom.proc.pid }] : []),
    ];
    await prom?.stop().catch(() => undefined);
    await cluster?.stop().catch((err: Error) => progress.note(`cluster stop: ${err.message}`));
    await rm(workDir, { recursive: true, force: true });
    progress.done();
    leftovers = await realNodeLeftovers(workDir, pids);
  }
  if (leftovers.length) {
    reason = `teardown left these behind: ${leftovers.join('; ')}`;
    exitCode = EXIT_CODES['could-not-run'];
  }
  return { exitCode, verdict, reportDir, reason, clusterUpSeconds, wallSeconds: wall(), leftovers };

  function couldNotRun(why: string): ClusterRunResult {
    return {
      exitCode: EXIT_CODES['could-not-run'],
      reason: why,
      wallSeconds: wall(),
      leftovers: [],
    };
  }
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
    await waitFor(
      async () =>
        Number(
          await cluster.kubectl([
            '-n',
            NAMESPACE,
            'get',
            'deployment',
            APP,
            '-o',
            'jsonpath={.status.readyReplicas}',
          ]),
        ) >= 2,
      { what: `${APP} at 2 ready replicas`, timeoutMs: loadSeconds * 1000, intervalMs: 1000 },
    );
    const pod = (
      await cluster.kubectl([
        '-n',
        NAMESPACE,
        'get',
        'pods',
        '-l',
        `app.kubernetes.io/name=${APP}`,
        '-o',
        'jsonpath={.items[0].metadata.name}',
      ])
    ).trim();
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
