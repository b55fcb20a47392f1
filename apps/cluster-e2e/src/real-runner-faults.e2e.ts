/**
 * Faults in a distributed run on the real node (set-up: real-runners/session.ts):
 * - a runner pod killed mid-run: the k6-operator still calls the TestRun "finished" (a failed
 *   runner Job counts as done), so the verdict from Prometheus must catch it: COULD NOT RUN or
 *   FAIL, naming the runner that stopped early, never PASS;
 * - the k6-operator restarted mid-run: the TestRun still finishes, or is reported stuck with its
 *   stage, within a bounded wait.
 * Run: node --test apps/cluster-e2e/src/real-runner-faults.e2e.ts (root).
 *
 * @e2e-needs image bundles manifests real-node prometheus-k8s k6-operator runner-images
 * @e2e-timeout 1500
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@loadlab/process-supervisor';
import { consoleReport, loadSlo, STEP_SECONDS, verifyScaling } from '@loadlab/verdict';
import { APP } from '@loadlab/e2e-fixtures';
import { stageOf, testRunPods } from './real-runners/testrun-fixture.ts';
import {
  NS,
  POLICY,
  runnersSkip,
  startRunnerSession,
  type RunnerSession,
} from './real-runners/session.ts';

/** The scale-out profile compressed to about 66 s: long enough to act mid-run. */
const SHORT = { TIME_SCALE: '0.1' };
/** The operator's whole stop-start must fit in a run; the TestRun must end within this after. */
const FINISH_BOUND_MS = 240_000;

const skip = runnersSkip();
if (skip) console.log(`# SKIP real runner faults: ${skip}`);

describe('real k6-operator runners: faults mid-run', { skip }, () => {
  let s: RunnerSession | undefined;
  const t0 = Date.now();
  const log = (m: string) => console.log(`# [${((Date.now() - t0) / 1000).toFixed(0)} s] ${m}`);

  before(async () => {
    s = await startRunnerSession(log);
  });
  after(async () => {
    await s?.stop();
  });

  /** Waits until every runner of the testid has pushed samples: the run is under way. */
  const runnersWriting = (testid: string, n: number) =>
    waitFor(
      async () =>
        (await s!.prom.api.query(`count by (instance) (k6_http_reqs_total{testid="${testid}"})`))
          .length === n || undefined,
      { what: `${n} runners writing to Prometheus`, timeoutMs: 180_000, intervalMs: 2000 },
    );

  it('a runner pod killed mid-run: the verdict is COULD NOT RUN or FAIL naming the runner, never PASS', async () => {
    const name = 'crocodile-scale-out-killed';
    const start = new Date();
    const testid = await s!.applyTestRun(name, 3, SHORT);
    await runnersWriting(testid, 3);
    await sleep(10_000);
    const victim = (await testRunPods(s!.cluster, NS, name)).find((p) => /-2$/.test(p.job))!;
    log(`killing runner pod ${victim.name} (delete --grace-period=0 --force)`);
    await s!.cluster.kubectl([
      '-n',
      NS,
      'delete',
      'pod',
      victim.name,
      '--grace-period=0',
      '--force',
      '--wait=false',
    ]);
    const r = await s!.finish(name, testid, start, FINISH_BOUND_MS);
    log(
      `TestRun stages: ${r.stages.join(' -> ')} (the operator counts a failed runner Job as done)`,
    );
    await sleep(2 * STEP_SECONDS * 1000);
    const verdict = await verifyScaling({
      prometheusUrl: s!.prom.url,
      namespace: NS,
      deployment: APP,
      scaledObject: APP,
      testid,
      judgeLoad: true,
      start,
      end: new Date(),
      slo: await loadSlo(),
      policy: POLICY,
    });
    process.stdout.write(consoleReport(verdict).replace(/^/gm, '# '));
    assert.notEqual(verdict.status, 'pass');
    assert.ok(['could-not-run', 'scaling-failed'].includes(verdict.status), verdict.status);
    const reasons = [verdict.reason ?? '', ...verdict.checks.map((c) => c.reason ?? '')].join('\n');
    // Named by either sign: its k6 stopped pushing early, or its pod vanished while Running.
    assert.match(reasons, new RegExp(`${victim.name} last (wrote|seen Running) at `));
  });

  it('the k6-operator restarted mid-run: the TestRun still finishes within a bounded wait', async () => {
    const name = 'crocodile-scale-out-restart';
    const start = new Date();
    const testid = await s!.applyTestRun(name, 2, SHORT);
    // Mid-run: once the operator has made the runners (stage created or later).
    await waitFor(
      async () => ['created', 'started'].includes(await stageOf(s!.cluster, NS, name)) || undefined,
      { what: `${name} past initialization`, timeoutMs: 120_000, intervalMs: 1000 },
    );
    log(
      `stage ${await stageOf(s!.cluster, NS, name)}: stopping the k6-operator for 10 s (SIGTERM, by PID)`,
    );
    await s!.restartOperator(10_000);
    log(`k6-operator started again, PID ${s!.operator.proc.pid}`);
    // finish() throws naming the stage if the TestRun is stuck past the bound.
    const r = await s!.finish(name, testid, start, FINISH_BOUND_MS);
    assert.equal(r.stages.at(-1), 'finished', `stages: ${r.stages.join(' -> ')}`);
    const runners = r.pods.filter((p) => /-\d+$/.test(p.job));
    assert.equal(runners.length, 2);
    for (const p of runners) assert.equal(p.exitCode, 0, `${p.name} exited 0`);
  });
});
