/**
 * Counter maths across resets, on a real Prometheus 2.42 holding backfilled series:
 * - our reset handling gives Prometheus' own increase() on the same samples (before its
 *   extrapolation to the window's edges, which loadlab leaves out to count exactly);
 * - two runs under one testid, 20 minutes apart (10,000 OK; then 5,700 OK and 300 failed):
 *   verified over run 2 they are told apart (6,000 requests, 5% errors, a FAIL on measured data),
 *   and a window holding both is refused, never mixed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { K6_METRICS, TUTORIAL_NAMING } from '@loadlab/metrics';
import {
  counterIncrease,
  PrometheusApi,
  scenarioStart,
  type Sample,
} from '@loadlab/prometheus-client';
import { backfilledPrometheus } from '../backfilled-prometheus.fixture.ts';
import { CouldNotRunError } from '../could-not-run.ts';
import { SCENARIOS, SECONDS, writeScenario } from '../scaling/scenarios.fixture.ts';
import { verifyScaling } from '../scaling/verify.ts';
import { clientFromPrometheus } from './client-from-prometheus.ts';
import { collectServer } from './collect.ts';
import { loadSlo, sloAsThresholds } from './slo.ts';

/** Resets of each probe series: [t, value] every 15 s, drops are restarts. */
const PROBES: Record<string, (t: number) => number> = {
  // Rises 7 per step, restarts from zero at 300 s and at 705 s.
  twice: (t) => 7 * ((t < 300 ? t : t < 705 ? t - 300 : t - 705) / 15),
  // Restarts to a small value (not zero) at 450 s.
  small: (t) => (t < 450 ? 1000 + 11 * (t / 15) : 3 + (t - 450) / 15),
  // Never resets.
  steady: (t) => 5 * (t / 15),
};

/**
 * Prometheus' extrapolatedRate (promql/functions.go, 2.42) for a counter: the raw increase
 * stretched to the window's edges. Only here to compare with increase(); loadlab counts exactly.
 */
function extrapolated(
  raw: number,
  samples: readonly Sample[],
  rangeStart: number,
  rangeEnd: number,
) {
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const sampled = last[0] - first[0];
  const avg = sampled / (samples.length - 1);
  let toStart = first[0] - rangeStart;
  const toEnd = rangeEnd - last[0];
  if (raw > 0 && first[1] >= 0) toStart = Math.min(toStart, sampled * (first[1] / raw));
  const threshold = avg * 1.1;
  const interval =
    sampled + (toStart < threshold ? toStart : avg / 2) + (toEnd < threshold ? toEnd : avg / 2);
  return (raw * interval) / sampled;
}

describe('counters across resets on a real Prometheus', () => {
  const start = scenarioStart();
  const at = (t: number) => new Date((start + t) * 1000);
  /** verify --testid=reused over healthy scaling (namespace reused-ns). */
  const verifyReused = async (w: { start: Date; end: Date }) =>
    verifyScaling({
      prometheusUrl: prom.url,
      namespace: 'reused-ns',
      deployment: 'crocodile-api',
      scaledObject: 'crocodile-api',
      testid: 'reused',
      judgeLoad: true,
      ...w,
      slo: await loadSlo(),
    });

  const prom = backfilledPrometheus('resets-', start, (w) => {
    for (const [name, f] of Object.entries(PROBES))
      for (let t = 0; t <= 1200; t += 15) w.add('probe_total', { case: name }, t, f(t), 'counter');
    // Two k6 runs, one testid: run 1 ends 21 minutes before run 2 begins.
    const k6 = (expected: string) => ({
      testid: 'reused',
      [K6_METRICS.label.expectedResponse]: expected,
    });
    for (let t = -1500; t <= -1200; t += 5) {
      const done = (t + 1500) / 300;
      w.add(K6_METRICS.requestsTotal, k6('true'), t, Math.round(10_000 * done), 'counter');
      w.add(
        K6_METRICS.checkEvaluationsTotal,
        { testid: 'reused' },
        t,
        Math.round(10_000 * done),
        'counter',
      );
    }
    for (let t = 65; t <= 600; t += 5) {
      const done = (t - 60) / 540;
      w.add(K6_METRICS.requestsTotal, k6('true'), t, Math.round(5_700 * done), 'counter');
      w.add(K6_METRICS.requestsTotal, k6('false'), t, Math.round(300 * done), 'counter');
      w.add(
        K6_METRICS.checkEvaluationsTotal,
        { testid: 'reused' },
        t,
        Math.round(6_000 * done),
        'counter',
      );
      w.add(
        K6_METRICS.checkFailuresTotal,
        { testid: 'reused' },
        t,
        Math.round(300 * done),
        'counter',
      );
    }
    // An API restarted at 300 s: its counters start again from zero, and every request after
    // the restart took 0.3 s where those before took under 0.1 s.
    const api = { [TUTORIAL_NAMING.labels.app]: 'restarted-api' };
    const bucket = (le: string, t: number, v: number) =>
      w.add(`${TUTORIAL_NAMING.requestDuration}_bucket`, { ...api, le }, t, v, 'counter');
    for (let t = -30; t <= 600; t += 15) {
      const before = t < 300;
      const ok = before ? 50_000 + 100 * (Math.max(0, t) / 15) : 150 * ((t - 300) / 15 + 1);
      const failed = before ? (t >= 150 ? 110 : 100) : 40;
      w.add(TUTORIAL_NAMING.requestsTotal, { ...api, status: '200' }, t, ok, 'counter');
      w.add(TUTORIAL_NAMING.requestsTotal, { ...api, status: '500' }, t, failed, 'counter');
      bucket('0.1', t, before ? ok + failed : 0);
      bucket('0.5', t, ok + failed);
      bucket('+Inf', t, ok + failed);
    }
    // Healthy scaling beside run 2, so only the load can decide the verdict.
    writeScenario(w, SCENARIOS.healthy!, 'reused-ns');
  });

  it("our reset handling is Prometheus' own: increase() on the same samples, before extrapolation", async () => {
    const api = new PrometheusApi(prom.url);
    let compared = 0;
    for (const t of [290, 310, 455, 600, 707, 900, 1190]) {
      const time = at(t);
      const [raw, inc] = await Promise.all([
        api.rawSeries('probe_total', '300s', time),
        api.query('increase(probe_total[300s])', time),
      ]);
      for (const r of raw) {
        const ours = counterIncrease(r.floats.slice(1), r.floats[0]![1]);
        assert.ok(ours.ok);
        const theirs = inc.find((s) => s.metric.case === r.metric.case)!.value;
        const expected = extrapolated(ours.value, r.floats, start + t - 300, start + t);
        assert.ok(
          Math.abs(expected - theirs) <= 1e-9 * Math.max(1, theirs),
          `${r.metric.case} at ${t} s: ours ${expected} (raw ${ours.value}, ${ours.resets} resets), Prometheus ${theirs}`,
        );
        compared++;
      }
    }
    assert.equal(compared, 21);
  });

  it('two runs, one testid: verified over run 2, they are told apart (6,000 requests, 5% errors: FAIL)', async () => {
    const w = { start: at(0), end: at(SECONDS) };
    const { client } = await clientFromPrometheus(
      new PrometheusApi(prom.url),
      w,
      'reused',
      sloAsThresholds(await loadSlo()),
    );
    assert.equal(client.requests, 6000);
    assert.equal(client.errorRate, 0.05);
    assert.equal(client.checksRate, 0.95);
    assert.equal(client.problems, undefined);

    const v = await verifyReused(w);
    const errors = v.checks.find((c) => c.id === 'client-errors')!;
    assert.equal(errors.outcome, 'fail');
    assert.equal(errors.measured, 0.05);
    assert.equal(v.status, 'scaling-failed');
    // The scaling itself was healthy: only the load's checks failed it (errors while scaling
    // reads k6's failed rate too).
    const failedIds = v.checks.filter((c) => c.outcome === 'fail').map((c) => c.id);
    assert.deepEqual(failedIds, [
      'errors-while-scaling',
      'client-errors',
      'client-checks',
      'k6-thresholds',
    ]);
  });

  it('a window that holds both runs is refused, never mixed', async () => {
    const w = { start: at(-1800), end: at(SECONDS) };
    await assert.rejects(
      clientFromPrometheus(new PrometheusApi(prom.url), w, 'reused', {}),
      (err: Error) =>
        err instanceof CouldNotRunError &&
        /testid reused holds two runs in this window: .* starts again from zero at .*Give each run its own testid, or narrow --start\/--end/.test(
          err.message,
        ),
    );
    const v = await verifyReused(w);
    assert.notEqual(v.status, 'pass');
    const errors = v.checks.find((c) => c.id === 'client-errors')!;
    assert.equal(errors.outcome, 'not-judged');
    assert.match(errors.reason!, /two runs/);
  });

  it('a server restarted inside the window: requests, 5xx and p95 counted across the reset', async () => {
    const { server } = await collectServer(
      new PrometheusApi(prom.url),
      { start: at(0), end: at(600) },
      'reused',
      { app: 'restarted-api' },
    );
    // 1,900 + 3,150 OK and 10 + 40 failed (end minus start would say 1,910).
    assert.equal(server.requests, 5100);
    assert.equal(server.errorRatio, 50 / 5100);
    assert.deepEqual(server.statusShare, { '200': 5050 / 5100, '500': 50 / 5100 });
    // 1,910 fast requests, then 3,190 slow ones: the p95 lies in (0.1, 0.5] s, never 95 ms.
    const rank = 0.95 * 5100;
    assert.ok(Math.abs(server.p95Ms! - (0.1 + (0.4 * (rank - 1910)) / 3190) * 1000) < 1e-9);
    assert.equal(server.problems, undefined);
  });
});
