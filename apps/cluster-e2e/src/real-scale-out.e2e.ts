/**
 * Autoscaling on real pods, judged by the scaling verifier. The real KEDA and HPA controller
 * scale our Deployment (the minikube overlay's Deployment, Service and ScaledObject) on
 * local-cluster's real node while k6's scale-out suite loads the ClusterIP Service. Prometheus
 * scrapes every pod through kubernetes_sd_configs, kube-state-metrics and k6's remote write. When
 * the load ends, a trickle keeps flowing while the HPA scales down, so the removed pods drain
 * through preStop and SIGTERM under traffic. The verdict, from the live Prometheus, must pass
 * with scale-up, scale-down, errors while scaling and load spread all judged.
 *
 * Shorter than a real run, on purpose: the scale-out suite compressed to TIME_SCALE, and the
 * scale-down stabilization window cut to SCALE_DOWN_WINDOW_S in both the ScaledObject and the
 * policy the verifier models. Run: node --test apps/cluster-e2e/src/real-scale-out.e2e.ts (root).
 *
 * @e2e-needs image k6 real-node prometheus-k8s
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { newTestid, runSuite, type SuiteRunResult } from '@loadlab/k6-runner';
import {
  appPods,
  hostPrometheusConfig,
  startLocalCluster,
  type LocalCluster,
} from '@loadlab/local-cluster';
import { startPrometheus, type RunningPrometheus } from '@loadlab/local-stack';
import { waitFor } from '@loadlab/process-supervisor';
import { DEMO_SCALING_POLICY, expectedPeak } from '@loadlab/scaling';
import {
  consoleReport,
  loadSlo,
  STEP_SECONDS,
  type Verdict,
  verifyScaling,
  writeReports,
} from '@loadlab/verdict';
import { WORKSPACE_K6, WORKSPACE_ROOT } from '@loadlab/workspace';
import {
  APP,
  appObjects,
  asList,
  builtImage,
  Load,
  realNodeSkip,
  renderOverlay,
  startRealNodeCluster,
  type TempCluster,
} from '@loadlab/e2e-fixtures';
import { REAL_NODE_CHECKS } from '@loadlab/local-cluster';
import { ReplicaSampler } from './replica-sampler.ts';

const NAMESPACE = 'default';
const REPORTS = join(WORKSPACE_ROOT, 'reports/real-scale-out');
/** req/s k6 holds: the 2m-rate metric peaks above 100, so the HPA asks for 2-3 replicas. */
const RATE = 150;
/** The scale-out suite's 11 minutes (ramp 2m, hold 8m, down 1m) in about 100 s. */
const TIME_SCALE = 0.15;
/**
 * The demo overlay's policy, the one the ScaledObject applies here and the verifier models: the
 * base's, with a 15 s scale-down window, so the scale-in comes within the run.
 */
const POLICY = DEMO_SCALING_POLICY;
const SCALE_DOWN_WINDOW_S = POLICY.behavior.scaleDown.stabilizationWindowSeconds;
/** The checks this run exists to judge: each must pass, never come out "not judged". */
const MUST_JUDGE = ['scale-up', 'scale-down', 'errors-while-scaling', 'load-spread'] as const;

const image = builtImage();
const skip = realNodeSkip(REAL_NODE_CHECKS, {
  binaries: ['keda-operator', 'keda-adapter', 'kube-state-metrics'],
  prometheus: true,
});
if (skip) console.log(`# SKIP real scale-out: ${skip}`);

describe(
  'real pods: the HPA scales out on load and back in, and the verifier judges it',
  { skip },
  () => {
    let cluster: TempCluster<LocalCluster> | undefined;
    let prom: RunningPrometheus | undefined;
    let sampler: ReplicaSampler | undefined;
    let k6: SuiteRunResult;
    let verdict: Verdict;
    const trickle = new Load();
    const t0 = Date.now();
    const log = (m: string) => console.log(`# [${((Date.now() - t0) / 1000).toFixed(0)} s] ${m}`);

    before(async () => {
      cluster = await startRealNodeCluster((base) =>
        startLocalCluster({
          ...base,
          images: [image!],
          keda: true,
          kubeStateMetrics: true,
          // A real cluster's default, which the verifier's HPA model assumes too.
          hpaSyncSeconds: 15,
          log,
        }),
      );
      prom = await startPrometheus({
        dir: join(cluster.workDir, 'prometheus'),
        config: hostPrometheusConfig(cluster, join(cluster.workDir, 'pki')),
      });
      const objects = appObjects(
        renderOverlay(),
        ['Deployment', 'Service', 'ScaledObject'],
        image!,
      );
      const so = objects.find((o) => o.kind === 'ScaledObject')!;
      // KEDA runs on the host, where the in-cluster Prometheus name does not resolve.
      so.spec.triggers[0].metadata.serverAddress = prom.url;
      so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds =
        SCALE_DOWN_WINDOW_S;
      await cluster.kubectl(['apply', '-f', '-'], asList(objects));
      sampler = new ReplicaSampler(cluster, NAMESPACE, [APP], log);
      await waitFor(
        async () =>
          (await cluster!.kubectl(['get', 'hpa', '-o', 'name'])).includes(`keda-hpa-${APP}`) &&
          (await sampler!.sample())[0]!.ready >= POLICY.minReplicas,
        { what: 'the pod Ready and the KEDA HPA created', timeoutMs: 120_000, intervalMs: 1000 },
      );
      log('pod Ready, HPA created');
      sampler.start(5_000);
    });

    after(async () => {
      await trickle.stop();
      await sampler?.stop();
      await prom?.stop();
      await cluster?.stop();
    });

    it('k6 loads the Service, the HPA scales out, then back to min under a trickle', async () => {
      const ip = (
        await cluster!.kubectl(['get', 'service', APP, '-o', 'jsonpath={.spec.clusterIP}'])
      ).trim();
      const baseUrl = `http://${ip}:4000`;
      // A new connection per request, so kube-proxy spreads them over pods added mid-run.
      process.env.K6_NO_CONNECTION_REUSE = 'true';
      const testid = newTestid('real-scale-out');
      const start = new Date();
      log(
        `k6 scale-out at ${RATE} req/s, time scale ${TIME_SCALE}: expect ${expectedPeak(RATE)} replicas`,
      );
      k6 = await runSuite({
        ...WORKSPACE_K6,
        suite: 'scale-out',
        baseUrl,
        timeScale: TIME_SCALE,
        vuScale: 1,
        env: { RATE: String(RATE), RATE_SCALE: '1' },
        testid,
        outDir: join(cluster!.workDir, 'k6'),
        prometheusRw: prom!.remoteWriteUrl,
      });
      assert.notEqual(k6.status, 'could-not-run', k6.reason);
      const peak = Math.max(...sampler!.timeline.map((s) => s.ready));
      log(
        `k6 done (${k6.status}); peak ${peak} ready pods; a trickle (one loop, ~4 req/s) while it scales in`,
      );
      trickle.start(`${baseUrl}/crocodiles`, 1, 300_000, 120);
      await waitFor(async () => (await sampler!.sample())[0]!.replicas <= POLICY.minReplicas, {
        what: `${APP} back at ${POLICY.minReplicas} replica`,
        timeoutMs: 240_000,
        intervalMs: 5000,
      });
      await waitFor(
        async () => (await appPods(cluster!.kubectl, APP)).length === POLICY.minReplicas,
        { what: 'the removed pods terminated', timeoutMs: 60_000, intervalMs: 1000 },
      );
      log(`scaled in; ${trickle.ok} trickle requests ok so far`);
      // Three more query steps, so the scale-down is in the series for more than one sample (one
      // sample at the floor is not judged a scale-down: it may not stay there).
      await sleep(3 * STEP_SECONDS * 1000);
      await trickle.stop();
      const end = new Date();
      verdict = await verifyScaling({
        prometheusUrl: prom!.url,
        namespace: NAMESPACE,
        deployment: APP,
        scaledObject: APP,
        testid,
        start,
        end,
        slo: await loadSlo(),
        policy: POLICY,
      });
      process.stdout.write(consoleReport(verdict).replace(/^/gm, '# '));
      for (const p of verdict.scaling?.series.perPod ?? [])
        log(`${p.name}: ${p.points.map(([t, v]) => `${t}s=${v.toFixed(0)}`).join(' ')}`);
      const reports = await writeReports(
        verdict,
        join(REPORTS, new Date().toISOString().replace(/[:.]/g, '-')),
      );
      log(`reports: ${reports.html}`);
      log(`trickle through the scale-in: ${trickle.ok} ok, ${trickle.failures.length} failed`);
      assert.deepEqual(trickle.failures, [], 'no trickle request failed while pods drained');
      assert.ok(peak > POLICY.minReplicas, `scaled out (peak ${peak} ready pods)`);
    });

    it("the verifier's verdict passes, with scale-up, scale-down, errors and spread judged", () => {
      assert.ok(verdict, 'the run above produced a verdict');
      for (const id of MUST_JUDGE) {
        const c = verdict.checks.find((x) => x.id === id);
        assert.ok(c, `a ${id} check`);
        assert.equal(c.outcome, 'pass', `${id}: ${c.outcome} ${JSON.stringify(c)}`);
      }
      assert.equal(verdict.status, 'pass', JSON.stringify(verdict.checks));
    });
  },
);
