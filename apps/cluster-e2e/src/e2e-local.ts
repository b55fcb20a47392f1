/**
 * Real KEDA and the real HPA controller scale our Deployment on a control plane on loopback,
 * while k6 drives real load into the real crocodile-api process and the real Prometheus scrapes it.
 * One load run judges two ScaledObjects: ours (must pass) and a copy whose query returns nothing
 * (must fail). kwok fakes the kubelets: pods are scheduled and marked Ready, but run nothing.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { newTestid, runSuite, type SuiteRunResult } from '@loadlab/k6-runner';
import { clusterBinaries, startLocalCluster, type LocalCluster } from '@loadlab/local-cluster';
import { startCrocodileApi, startPrometheus } from '@loadlab/local-stack';
import { CROCODILE_API_MAIN, WORKSPACE_CLUSTER, WORKSPACE_K6 } from '@loadlab/workspace';
import { waitFor } from '@loadlab/process-supervisor';
import { expectedPeak, SCALING_POLICY } from '@loadlab/scaling';
import { loadSlo, STEP_SECONDS, type Verdict, verifyScaling, writeReports } from '@loadlab/verdict';
import { renderOverlays, RIGHT_TARGET, WRONG_TARGET } from './overlays.ts';
import { e2ePrometheusConfig } from './prometheus-config.ts';
import { ReplicaSampler, type ReplicaSample } from './replica-sampler.ts';

const NAMESPACE = 'default';

export interface E2eOptions {
  readonly outDir: string;
  /** Requests per second to hold; the expected peak is min(max, ceil(rate / threshold)). */
  readonly rate: number;
  /** Compresses scale-out's 11-minute shape (ramp 2m, hold 8m, down 1m). */
  readonly timeScale: number;
  readonly log: (line: string) => void;
}

export interface E2eResult {
  readonly right: Verdict;
  readonly wrong: Verdict;
  readonly k6: SuiteRunResult;
  readonly expectedPeak: number;
  readonly timeline: readonly ReplicaSample[];
  readonly reports: { readonly right: string; readonly wrong: string };
}

export class CouldNotRunError extends Error {}

export { expectedPeak };

/** What the cluster says about the app, for an error message. */
async function diagnose(cluster: LocalCluster): Promise<string> {
  const get = (args: string[]) => cluster.kubectl(args).catch((e: Error) => e.message);
  return [
    await get([
      '-n',
      NAMESPACE,
      'get',
      'deployments,replicasets,pods,hpa,scaledobjects',
      '-o',
      'wide',
    ]),
    (await get(['-n', NAMESPACE, 'get', 'events', '--sort-by=.lastTimestamp']))
      .split('\n')
      .slice(-25)
      .join('\n'),
  ].join('\n');
}

export async function runE2eLocal(o: E2eOptions): Promise<E2eResult> {
  const { missing } = clusterBinaries(WORKSPACE_CLUSTER.binDir);
  if (missing.length) {
    throw new CouldNotRunError(
      `control-plane binaries missing (${missing.join(', ')}): run npx nx run local-cluster:binaries (Go; about 20 minutes the first time)`,
    );
  }
  await mkdir(o.outDir, { recursive: true });
  const stops: (() => Promise<unknown>)[] = [];
  try {
    o.log(
      'starting the control plane (etcd, kube-apiserver, controller-manager, scheduler, kwok, KEDA, kube-state-metrics)',
    );
    const cluster: LocalCluster = await startLocalCluster({
      ...WORKSPACE_CLUSTER,
      workDir: join(o.outDir, 'cluster'),
      keda: true,
      kubeStateMetrics: true,
      // A real cluster's default, which the verifier's HPA model assumes too.
      hpaSyncSeconds: 15,
      log: (m) => o.log(`  ${m}`),
    });
    stops.push(() => cluster.stop());
    const api = await startCrocodileApi({
      main: CROCODILE_API_MAIN,
      dbFile: join(o.outDir, 'db.json'),
      env: { LOG_LEVEL: 'warn' },
      logFile: join(o.outDir, 'crocodile-api.log'),
    });
    stops.push(() => api.stop());
    const prom = await startPrometheus({
      dir: join(o.outDir, 'prometheus'),
      config: e2ePrometheusConfig({
        api: `127.0.0.1:${api.port}`,
        kubeStateMetrics: cluster.kubeStateMetricsAddress!,
        namespace: NAMESPACE,
      }),
    });
    stops.push(() => prom.stop());
    o.log(`crocodile-api ${api.url}, Prometheus ${prom.url}`);

    o.log('applying the minikube overlay, and the wrong-query copy of crocodile-api');
    const overlays = await renderOverlays(prom.url);
    await cluster.kubectl(
      ['apply', '--server-side', '--force-conflicts', '-f', '-'],
      overlays.right,
    );
    await cluster.kubectl(['apply', '--server-side', '-f', '-'], overlays.wrong);
    const sampler = new ReplicaSampler(cluster, NAMESPACE, [RIGHT_TARGET, WRONG_TARGET], o.log);
    stops.push(() => sampler.stop());
    await waitFor(
      async () => {
        const hpas = await cluster.kubectl(['-n', NAMESPACE, 'get', 'hpa', '-o', 'name']);
        const ready = await sampler.sample();
        return (
          hpas.includes(`keda-hpa-${RIGHT_TARGET}`) &&
          hpas.includes(`keda-hpa-${WRONG_TARGET}`) &&
          ready.every((r) => r.ready >= SCALING_POLICY.minReplicas)
        );
      },
      {
        what: 'both Deployments ready and both KEDA HPAs created',
        timeoutMs: 120_000,
        intervalMs: 1000,
      },
    ).catch(async (err: Error) => {
      throw new Error(`${err.message}\n${await diagnose(cluster)}`);
    });
    sampler.start(5_000);

    const testid = newTestid('scale-out-e2e-local');
    const start = new Date();
    o.log(
      `k6 scale-out at ${o.rate} req/s (time scale ${o.timeScale}); expected peak ${expectedPeak(o.rate)} replicas`,
    );
    const k6 = await runSuite({
      ...WORKSPACE_K6,
      suite: 'scale-out',
      baseUrl: api.url,
      timeScale: o.timeScale,
      vuScale: 1,
      env: { RATE: String(o.rate), RATE_SCALE: '1' },
      testid,
      outDir: join(o.outDir, 'k6'),
      prometheusRw: prom.remoteWriteUrl,
    });
    if (k6.status === 'could-not-run') throw new CouldNotRunError(`k6 could not run: ${k6.reason}`);

    // The 2m rate window drains, then the scale-down stabilization window passes.
    const downBoundS = 120 + SCALING_POLICY.behavior.scaleDown.stabilizationWindowSeconds + 120;
    o.log(
      `load done (${k6.status}); waiting up to ${downBoundS} s for ${RIGHT_TARGET} to scale back to ${SCALING_POLICY.minReplicas}`,
    );
    await waitFor(
      async () =>
        (await sampler.sample()).find((s) => s.name === RIGHT_TARGET)!.replicas <=
        SCALING_POLICY.minReplicas,
      {
        what: `${RIGHT_TARGET} back at ${SCALING_POLICY.minReplicas} replica`,
        timeoutMs: downBoundS * 1000,
        intervalMs: 5000,
      },
    ).catch(() => o.log('  it did not scale down in time; the verdict will say so'));
    // Three more query steps, so the scale-down is in the series for more than one sample (one
    // sample at the floor is not judged a scale-down: it may not stay there).
    await sleep(3 * STEP_SECONDS * 1000);
    const end = new Date();

    const declared = await loadSlo();
    // kwok's pods run nothing: one real process serves every request, so per-pod spread cannot be
    // measured here. It stays in the report as "not judged"; it just does not decide this run.
    const slo = {
      ...declared,
      required: {
        ...declared.required,
        scaling: declared.required.scaling.filter((id) => id !== 'load-spread'),
      },
    };
    const verify = (target: string) =>
      verifyScaling({
        prometheusUrl: prom.url,
        namespace: NAMESPACE,
        deployment: target,
        scaledObject: target,
        testid,
        start,
        end,
        slo,
      });
    const right = await verify(RIGHT_TARGET);
    const wrong = await verify(WRONG_TARGET);
    const reports = {
      right: (await writeReports(right, join(o.outDir, 'right'))).html,
      wrong: (await writeReports(wrong, join(o.outDir, 'wrong'))).html,
    };
    return {
      right,
      wrong,
      k6,
      expectedPeak: expectedPeak(o.rate),
      timeline: sampler.timeline,
      reports,
    };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}
