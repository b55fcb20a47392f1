/**
 * Distributed load on the real engine: our scale-out TestRun with parallelism 3, run by the real
 * k6-operator, whose initializer, runners and starter are real pods on local-cluster's real node
 * (images built here: libs/local-cluster/scripts/build-runner-images.sh). The runners load the
 * real crocodile-api pods through their Service while KEDA and the HPA scale them, and each runner
 * remote-writes to Prometheus. Then the verifier (what `load-tests:verify --testid` runs) judges
 * the run from Prometheus alone, its request count must equal what the crocodile-api pods served,
 * exactly, and the p95 must agree with an N=1 run of the same profile within one histogram bucket.
 * Set-up and what differs from a cluster: real-runners/session.ts.
 * Run: node --test apps/cluster-e2e/src/real-runners.e2e.ts (root).
 *
 * @e2e-needs image bundles manifests real-node prometheus-k8s k6-operator runner-images
 * @e2e-timeout 1500
 */
import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { REAL_NODE } from '@loadlab/local-cluster';
import { waitFor } from '@loadlab/process-supervisor';
import {
  consoleReport,
  loadSlo,
  STEP_SECONDS,
  verifyScaling,
  type Verdict,
} from '@loadlab/verdict';
import { APP } from '@loadlab/e2e-fixtures';
import { bucketIndex, servedRequests } from './real-runners/served.ts';
import {
  NS,
  POLICY,
  runnersSkip,
  startRunnerSession,
  TEMPLATE,
  type RunnerSession,
  type TestRunOutcome,
} from './real-runners/session.ts';

const RUNNERS = 3;
/** The scale-out suite at a rate one pod holds (threshold 50), about 66 s. */
const STEADY = { RATE: '40', TIME_SCALE: '0.1' };
const skip = runnersSkip();
if (skip) console.log(`# SKIP real runners: ${skip}`);

describe(
  'real k6-operator runners: a TestRun with parallelism 3 on the real node',
  { skip },
  () => {
    let s: RunnerSession | undefined;
    let three: TestRunOutcome;
    let threeVerdict: Verdict;
    const t0 = Date.now();
    const log = (m: string) => console.log(`# [${((Date.now() - t0) / 1000).toFixed(0)} s] ${m}`);
    const verify = async (r: TestRunOutcome, end = new Date()) =>
      verifyScaling({
        prometheusUrl: s!.prom.url,
        namespace: NS,
        deployment: APP,
        scaledObject: APP,
        testid: r.testid,
        judgeLoad: true,
        start: r.start,
        end,
        slo: await loadSlo(),
        policy: POLICY,
      });

    before(async () => {
      s = await startRunnerSession(log);
    });
    after(async () => {
      await s?.stop();
    });

    it(`the TestRun (parallelism ${RUNNERS}): initializer, ${RUNNERS} runners and starter are real pods on the real node, and finish`, async () => {
      const start = new Date();
      const testid = await s!.applyTestRun('crocodile-scale-out', RUNNERS);
      three = await s!.finish('crocodile-scale-out', testid, start);
      assert.equal(three.stages.at(-1), 'finished', `stages: ${three.stages.join(' -> ')}`);
      const runners = three.pods.filter((p) => /-\d+$/.test(p.job));
      const initializer = three.pods.filter((p) => p.job.endsWith('-initializer'));
      const starter = three.pods.filter((p) => p.job.endsWith('-starter'));
      assert.equal(initializer.length, 1, 'one initializer pod');
      assert.equal(runners.length, RUNNERS, `${RUNNERS} runner pods`);
      assert.equal(starter.length, 1, 'one starter pod');
      for (const p of three.pods) {
        assert.equal(p.node, REAL_NODE, `${p.name} ran on the real node`);
        assert.equal(p.exitCode, 0, `${p.name} exited 0 (${p.phase} ${p.reason ?? ''})`);
      }
      for (const p of [...initializer, ...runners])
        assert.equal(p.image, TEMPLATE.spec.runner.image);
    });

    it('each runner remote-wrote its samples to Prometheus, under its own pod name', async () => {
      assert.ok(three, 'the run above');
      const res = await s!.prom.api.query(
        `count by (instance) (last_over_time(k6_http_reqs_total{testid="${three.testid}"}[15m]))`,
      );
      const instances = res.map((x) => x.metric['instance'] ?? '').sort();
      log(`runners seen in Prometheus: ${instances.join(', ')}`);
      const runnerPods = three.pods.filter((p) => /-\d+$/.test(p.job)).map((p) => p.name);
      assert.deepEqual(instances, runnerPods.sort());
    });

    it("the verifier judges the run from Prometheus alone: PASS, and k6's request count equals what the pods served", async () => {
      assert.ok(three, 'the run above');
      // The pods' last requests reach Prometheus at their next scrape.
      await sleep(3 * STEP_SECONDS * 1000);
      const served = await servedRequests(s!.prom.api, NS, three.start, new Date());
      log(
        `crocodile-api pods served ${served.total} (${served.byPod.map((p) => `${p.pod}=${p.requests}`).join(', ')})`,
      );
      log('waiting for the scale-in, so scale-down is judged too');
      await waitFor(async () => (await s!.sampler.sample())[0]!.replicas <= POLICY.minReplicas, {
        what: `${APP} back at ${POLICY.minReplicas} replica`,
        timeoutMs: 300_000,
        intervalMs: 5000,
      });
      await sleep(3 * STEP_SECONDS * 1000);
      threeVerdict = await verify(three);
      process.stdout.write(consoleReport(threeVerdict).replace(/^/gm, '# '));
      const client = threeVerdict.client;
      assert.ok(client, 'client figures from Prometheus');
      log(
        `verifier: ${client.requests} requests from ${client.generators} generators, p95 ${client.p95Ms} ms`,
      );
      assert.equal(client.generators, RUNNERS, 'the verifier summed the 3 runners');
      assert.ok(client.requests > 0);
      assert.equal(client.requests, served.total, 'k6 sent exactly what the pods served');
      assert.equal(threeVerdict.status, 'pass', JSON.stringify(threeVerdict.checks));
    });

    it('p95 agrees with an N=1 run of the same profile within one histogram bucket', async () => {
      // Below the scaling threshold, so one pod serves both runs alike: what is compared is the
      // generators' split, not two different scale-outs on a shared 2-core machine.
      const p95Of = async (name: string, parallelism: number) => {
        const start = new Date();
        const testid = await s!.applyTestRun(name, parallelism, STEADY);
        const r = await s!.finish(name, testid, start);
        assert.equal(r.stages.at(-1), 'finished', `${name} stages: ${r.stages.join(' -> ')}`);
        await sleep(2 * STEP_SECONDS * 1000);
        const v = await verify(r);
        assert.ok(v.client?.p95Ms, `${name} was judged: ${v.reason ?? ''}`);
        assert.equal(v.client.generators, parallelism);
        return v.client;
      };
      const n3 = await p95Of('crocodile-steady-three', RUNNERS);
      const n1 = await p95Of('crocodile-steady-one', 1);
      const [a, b] = [bucketIndex(n3.p95Ms!), bucketIndex(n1.p95Ms!)];
      log(
        `p95 at ${STEADY.RATE} req/s: N=${RUNNERS} ${n3.p95Ms!.toFixed(2)} ms (bucket ${a}, ${n3.requests} requests), N=1 ${n1.p95Ms!.toFixed(2)} ms (bucket ${b}, ${n1.requests} requests); load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      );
      assert.ok(Math.abs(a - b) <= 1, `p95 buckets ${a} and ${b} differ by more than one`);
    });
  },
);
