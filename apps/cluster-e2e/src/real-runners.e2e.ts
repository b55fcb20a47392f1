/**
 * Distributed load on the real engine: our scale-out TestRun with parallelism 3, run by the real
 * k6-operator, whose initializer, runners and starter are real pods on local-cluster's real node
 * (images built here: libs/local-cluster/scripts/build-runner-images.sh). The runners load the
 * real crocodile-api pods through their Service while KEDA and the HPA scale them, and each runner
 * remote-writes to Prometheus. Then the verifier (what `load-tests:verify --testid` runs) judges
 * the run from Prometheus alone, its request count must equal what the crocodile-api pods served,
 * exactly, and the p95 must agree with an N=1 run of the same profile within one histogram bucket.
 *
 * What differs from a cluster (until the platform runs as pods): Prometheus and KEDA run on the
 * host, Prometheus on the node's bridge address so the runner pods reach it, and without cluster
 * DNS the TestRun's BASE_URL and remote-write URL are set to the Service's ClusterIP and that
 * address. The profile is compressed (TIME_SCALE) as in real-scale-out.e2e.ts.
 * Run: node --test apps/cluster-e2e/src/real-runners.e2e.ts (root).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { newTestid } from '@loadlab/k6-runner';
import {
  k6OperatorMissing,
  NODE_IP,
  REAL_NODE,
  startK6Operator,
  startLocalCluster,
  type Component,
  type LocalCluster,
} from '@loadlab/local-cluster';
import { startPrometheus, type RunningPrometheus } from '@loadlab/local-stack';
import { waitFor } from '@loadlab/process-supervisor';
import { SCALING_POLICY, type ScalingPolicy } from '@loadlab/scaling';
import {
  consoleReport,
  loadSlo,
  STEP_SECONDS,
  verifyScaling,
  type Verdict,
} from '@loadlab/verdict';
import { WORKSPACE_CLUSTER } from '@loadlab/workspace';
import {
  APP,
  appObjects,
  asList,
  hostPrometheusConfig,
  image,
  realPodsSkip,
  renderOverlay,
} from './real-node-fixture.ts';
import { ReplicaSampler } from './replica-sampler.ts';
import {
  BUILD_RUNNER_IMAGES,
  forRun,
  K6_OPERATOR_PLATFORM,
  renderLoad,
  testRunImages,
  testRunPods,
  waitForTestRun,
  type TestRunObject,
} from './real-runners/testrun-fixture.ts';
import { bucketIndex, servedRequests } from './real-runners/served.ts';

const NS = 'default';
const SUITE = 'scale-out';
const RUNNERS = 3;
/** As real-scale-out.e2e.ts: 150 req/s scales to 2-3 pods; 11 minutes compressed to about 100 s. */
const PROFILE = {
  RATE: '150',
  RATE_SCALE: '1',
  TIME_SCALE: '0.15',
  K6_NO_CONNECTION_REUSE: 'true',
};
const SCALE_DOWN_WINDOW_S = 15;
const POLICY: ScalingPolicy = {
  ...SCALING_POLICY,
  behavior: {
    ...SCALING_POLICY.behavior,
    scaleDown: {
      ...SCALING_POLICY.behavior.scaleDown,
      stabilizationWindowSeconds: SCALE_DOWN_WINDOW_S,
    },
  },
};

const load = renderLoad();
const template = load.testRuns.find((t) => t.metadata.labels?.['loadlab.dev/suite'] === SUITE)!;
const images = testRunImages(template);
const missingImages = images.filter((ref) => {
  try {
    execFileSync('podman', ['image', 'exists', ref]);
    return false;
  } catch {
    return true;
  }
});
const skip =
  realPodsSkip(['keda-operator', 'keda-adapter', 'kube-state-metrics']) ??
  k6OperatorMissing(WORKSPACE_CLUSTER.binDir) ??
  (missingImages.length
    ? `images missing: ${missingImages.join(', ')}; run ${BUILD_RUNNER_IMAGES}`
    : undefined);
if (skip) console.log(`# SKIP real runners: ${skip}`);

describe(
  'real k6-operator runners: a TestRun with parallelism 3 on the real node',
  { skip },
  () => {
    let workDir: string;
    let cluster: LocalCluster | undefined;
    let prom: RunningPrometheus | undefined;
    let operator: Component | undefined;
    let sampler: ReplicaSampler | undefined;
    let baseUrl: string;
    const t0 = Date.now();
    const log = (m: string) => console.log(`# [${((Date.now() - t0) / 1000).toFixed(0)} s] ${m}`);
    const runs: Record<string, { testid: string; start: Date; end: Date; verdict?: Verdict }> = {};

    before(async () => {
      workDir = await mkdtemp('/tmp/lc-');
      cluster = await startLocalCluster({
        ...WORKSPACE_CLUSTER,
        workDir,
        node: 'real',
        images: [image!, ...images],
        keda: true,
        kubeStateMetrics: true,
        hpaSyncSeconds: 15,
        log,
      });
      // On the bridge address: the runner pods remote-write here; the host reaches it too.
      prom = await startPrometheus({
        dir: join(workDir, 'prometheus'),
        host: NODE_IP,
        config: hostPrometheusConfig(cluster, join(workDir, 'pki')),
      });
      const objects = appObjects(
        renderOverlay(),
        ['Deployment', 'Service', 'ScaledObject'],
        image!,
      );
      const so = objects.find((o) => o.kind === 'ScaledObject')!;
      so.spec.triggers[0].metadata.serverAddress = prom.url;
      so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds =
        SCALE_DOWN_WINDOW_S;
      await cluster.kubectl(['apply', '-f', '-'], asList([...objects, load.scripts]));
      // The operator's CRDs and RBAC as `kube.sh platform` applies them; the operator as its ServiceAccount.
      await cluster.kubectl(['apply', '--server-side', '-f', K6_OPERATOR_PLATFORM]);
      await cluster.kubectl([
        'wait',
        '--for=condition=Established',
        '--timeout=60s',
        'crd/testruns.k6.io',
      ]);
      operator = await startK6Operator({
        binDir: WORKSPACE_CLUSTER.binDir,
        kubectl: cluster.kubectl,
        server: cluster.server,
        workDir,
        logDir: cluster.logDir,
      });
      sampler = new ReplicaSampler(cluster, NS, [APP], log);
      await waitFor(
        async () =>
          (await cluster!.kubectl(['get', 'hpa', '-o', 'name'])).includes(`keda-hpa-${APP}`) &&
          (await sampler!.sample())[0]!.ready >= POLICY.minReplicas,
        { what: 'the pod Ready and the KEDA HPA created', timeoutMs: 120_000, intervalMs: 1000 },
      );
      sampler.start(5_000);
      const ip = (
        await cluster.kubectl(['get', 'service', APP, '-o', 'jsonpath={.spec.clusterIP}'])
      ).trim();
      baseUrl = `http://${ip}:4000`;
      log(
        `ready: ${APP} at ${baseUrl}, Prometheus at ${prom.url}, k6-operator PID ${operator.proc.pid}`,
      );
    });

    after(async () => {
      await sampler?.stop();
      await operator?.stop();
      await prom?.stop();
      await cluster?.stop();
      if (workDir) await rm(workDir, { recursive: true, force: true });
    });

    /** Applies one TestRun of the scale-out suite and waits for it; returns its pods. */
    async function runTestRun(name: string, parallelism: number) {
      const testid = newTestid(`real-runners-${parallelism}`);
      const tr: TestRunObject = forRun(template, {
        name,
        parallelism,
        testid,
        env: {
          ...PROFILE,
          BASE_URL: baseUrl,
          K6_PROMETHEUS_RW_SERVER_URL: prom!.remoteWriteUrl,
        },
      });
      const start = new Date();
      await cluster!.kubectl(['apply', '-f', '-'], JSON.stringify(tr));
      const stages = await waitForTestRun(cluster!, NS, name, 360_000, log);
      const end = new Date();
      const pods = await testRunPods(cluster!, NS, name);
      for (const p of pods)
        log(`${p.name} on ${p.node}: ${p.image} ${p.phase} exit ${p.exitCode} ${p.reason ?? ''}`);
      runs[name] = { testid, start, end };
      return { stages, pods, testid, start, end };
    }

    it(`the TestRun (parallelism ${RUNNERS}): initializer, ${RUNNERS} runners and starter are real pods on the real node, and finish`, async () => {
      const r = await runTestRun('crocodile-scale-out', RUNNERS);
      assert.equal(r.stages.at(-1), 'finished', `stages: ${r.stages.join(' -> ')}`);
      const runners = r.pods.filter((p) => /-\d+$/.test(p.job));
      const initializer = r.pods.filter((p) => p.job.endsWith('-initializer'));
      const starter = r.pods.filter((p) => p.job.endsWith('-starter'));
      assert.equal(initializer.length, 1, 'one initializer pod');
      assert.equal(runners.length, RUNNERS, `${RUNNERS} runner pods`);
      assert.equal(starter.length, 1, 'one starter pod');
      for (const p of r.pods) {
        assert.equal(p.node, REAL_NODE, `${p.name} ran on the real node`);
        assert.equal(p.exitCode, 0, `${p.name} exited 0 (${p.phase} ${p.reason ?? ''})`);
      }
      for (const p of [...initializer, ...runners])
        assert.equal(p.image, template.spec.runner.image);
    });

    it('each runner remote-wrote its samples to Prometheus, under its own instance', async () => {
      const run = runs['crocodile-scale-out'];
      assert.ok(run, 'the run above');
      const res = await prom!.api.query(
        `count by (instance) (k6_http_reqs_total{testid="${run.testid}"})`,
      );
      const instances = res.map((s) => s.metric['instance']).sort();
      log(`runners seen in Prometheus: ${instances.join(', ')}`);
      assert.equal(instances.length, RUNNERS);
      for (const i of instances) assert.match(i ?? '', /^crocodile-scale-out-\d+-/);
    });

    it("the verifier judges the run from Prometheus alone: PASS, and k6's request count equals what the pods served", async () => {
      const run = runs['crocodile-scale-out']!;
      // The pods' last requests reach Prometheus at their next scrape.
      await sleep(3 * STEP_SECONDS * 1000);
      const served = await servedRequests(prom!.api, NS, run.start, new Date());
      log(
        `crocodile-api pods served ${served.total} (${served.byPod.map((p) => `${p.pod}=${p.requests}`).join(', ')})`,
      );
      log('waiting for the scale-in, so scale-down is judged too');
      await waitFor(async () => (await sampler!.sample())[0]!.replicas <= POLICY.minReplicas, {
        what: `${APP} back at ${POLICY.minReplicas} replica`,
        timeoutMs: 300_000,
        intervalMs: 5000,
      });
      await sleep(3 * STEP_SECONDS * 1000);
      const end = new Date();
      run.verdict = await verifyScaling({
        prometheusUrl: prom!.url,
        namespace: NS,
        deployment: APP,
        scaledObject: APP,
        testid: run.testid,
        judgeLoad: true,
        start: run.start,
        end,
        slo: await loadSlo(),
        policy: POLICY,
      });
      process.stdout.write(consoleReport(run.verdict).replace(/^/gm, '# '));
      const client = run.verdict.client;
      assert.ok(client, 'client figures from Prometheus');
      log(
        `verifier: ${client.requests} requests from ${client.generators ?? '?'} generators, p95 ${client.p95Ms} ms`,
      );
      assert.equal(client.generators, RUNNERS, 'the verifier summed the 3 runners');
      assert.equal(client.requests, served.total, 'k6 sent exactly what the pods served');
      assert.ok(client.requests > 0);
      assert.equal(run.verdict.status, 'pass', JSON.stringify(run.verdict.checks));
    });

    it('p95 agrees with an N=1 run of the same profile within one histogram bucket', async () => {
      const three = runs['crocodile-scale-out']?.verdict?.client;
      assert.ok(three?.p95Ms, 'the N=3 run was judged');
      const r = await runTestRun('crocodile-scale-out-one', 1);
      assert.equal(r.stages.at(-1), 'finished', `stages: ${r.stages.join(' -> ')}`);
      await sleep(2 * STEP_SECONDS * 1000);
      const v = await verifyScaling({
        prometheusUrl: prom!.url,
        namespace: NS,
        deployment: APP,
        scaledObject: APP,
        testid: r.testid,
        judgeLoad: true,
        start: r.start,
        end: new Date(),
        slo: await loadSlo(),
        policy: POLICY,
      });
      const one = v.client;
      assert.ok(one?.p95Ms, `the N=1 run was judged: ${v.reason ?? ''}`);
      const [a, b] = [bucketIndex(three.p95Ms), bucketIndex(one.p95Ms)];
      log(
        `p95: N=${RUNNERS} ${three.p95Ms.toFixed(2)} ms (bucket ${a}), N=1 ${one.p95Ms.toFixed(2)} ms (bucket ${b}); requests ${three.requests} vs ${one.requests}`,
      );
      assert.ok(Math.abs(a - b) <= 1, `p95 buckets ${a} and ${b} differ by more than one`);
    });

    it('leaves the operator log for the record', async () => {
      const text = await readFile(operator!.logFile, 'utf8').catch(() => '');
      log(`k6-operator log: ${text.split('\n').length} lines (${operator!.logFile})`);
      assert.ok(!/panic:/.test(text), 'the operator did not panic');
    });
  },
);
