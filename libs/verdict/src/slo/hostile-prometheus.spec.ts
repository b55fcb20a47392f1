/**
 * A property test that attacks the load verdict (what `verify --testid` judges): a scripted
 * Prometheus answers random valid-but-hostile k6 data (NaN, ±Inf, negatives, counts beyond 2^53,
 * stale markers leaked as NaN, resets, gaps, series born mid-window, duplicated series), and
 * fast-check asserts that
 * - the verdict is PASS only when the data is sound and truly within the SLO (the truth is kept
 *   beside the data as it is generated: every increment, across resets);
 * - the verdict does not depend on the order the series come in;
 * - nothing crashes: every outcome is pass, failed or could-not-run.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { K6_METRICS } from '@loadlab/metrics';
import { PrometheusApi } from '@loadlab/prometheus-client';
import {
  startScriptedPrometheus,
  success,
  type ScriptedPrometheus,
} from '@loadlab/prometheus-client/scripted';
import { isCouldNotRun } from '../could-not-run.ts';
import { decide } from '../model/check.ts';
import { judgeLoad } from '../scaling/verify.ts';
import { loadSlo } from './slo.ts';

const TESTID = 'hostile';
const S = 1_000_020;
const E = S + 600;
/** Bucket bounds chosen so that the SLO's 0.7 s and 1.5 s are bounds: the truth is exact. */
const BOUNDS = [
  [0, 0.2],
  [0.2, 0.7],
  [0.7, 1.5],
  [1.5, 5],
] as const;

type Kind = 'ok' | 'failed' | 'evaluations' | 'failures' | 'duration';
const KINDS: readonly Kind[] = ['ok', 'failed', 'evaluations', 'failures', 'duration'];

interface GenSeries {
  readonly labels: Record<string, string>;
  /** [t, value as the API writes it] or [t, histogram] */
  samples: [number, unknown][];
}

const step = fc.record({
  dt: fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: 1, max: 30 }) },
    { weight: 1, arbitrary: fc.integer({ min: 31, max: 200 }) },
  ),
  reset: fc.integer({ min: 0, max: 11 }).map((x) => x === 0),
});
const series = <T>(inc: fc.Arbitrary<T>) =>
  fc.record({
    baseline: fc.boolean(),
    big: fc.boolean(),
    start: fc.integer({ min: 1, max: 300 }),
    steps: fc.array(fc.record({ step, inc }), { minLength: 1, maxLength: 15 }),
  });
const rare = (max: number) =>
  fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(max) });
const HOSTILE = ['NaN', '+Inf', '-Inf', '-3', '1e300', 'stale'] as const;

const scenario = fc.record({
  ok: fc.array(series(fc.nat(60)), { minLength: 1, maxLength: 3 }),
  failed: fc.array(series(rare(3)), { maxLength: 2 }),
  evaluations: fc.array(series(fc.nat(60)), { minLength: 1, maxLength: 2 }),
  failures: fc.array(series(rare(2)), { maxLength: 2 }),
  duration: fc.array(series(fc.tuple(fc.nat(40), fc.nat(8), rare(2), rare(1))), {
    minLength: 1,
    maxLength: 2,
  }),
  // Now and then a whole kind of series is missing: nothing measured is never a pass.
  missing: fc.oneof(
    { weight: 9, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom(...KINDS) },
  ),
  corrupt: fc.oneof(
    { weight: 3, arbitrary: fc.constant([]) },
    {
      weight: 2,
      arbitrary: fc.array(
        fc.record({
          kind: fc.constantFrom(...KINDS),
          series: fc.nat(),
          sample: fc.nat(),
          value: fc.constantFrom(...HOSTILE),
        }),
        { minLength: 1, maxLength: 2 },
      ),
    },
  ),
  duplicate: fc.oneof(
    { weight: 7, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom(...KINDS) },
  ),
  order: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** The data the scripted Prometheus serves, and the truth beside it. */
function build(sc: Scenario) {
  const out: Record<Kind, GenSeries[]> = {
    ok: [],
    failed: [],
    evaluations: [],
    failures: [],
    duration: [],
  };
  const truth = { ok: 0, failed: 0, evaluations: 0, failures: 0, buckets: [0, 0, 0, 0] };
  const counters: Exclude<Kind, 'duration'>[] = ['ok', 'failed', 'evaluations', 'failures'];
  for (const kind of counters) {
    sc[kind].forEach((g, i) => {
      const labels: Record<string, string> =
        kind === 'ok' || kind === 'failed'
          ? {
              testid: TESTID,
              [K6_METRICS.label.expectedResponse]: kind === 'ok' ? 'true' : 'false',
              name: `/p${i}`,
            }
          : { testid: TESTID, check: `c${i}` };
      let v = g.baseline ? (g.big ? 2 ** 50 : 1000) : 0;
      const samples: [number, unknown][] = g.baseline ? [[S - 30, String(v)]] : [];
      let t = S + g.start;
      for (const { step: st, inc } of g.steps) {
        if (t > E) break;
        // A reset Prometheus can see: below the value before it.
        if (st.reset && v > 0) v = Math.min(inc, v - 1);
        else v += inc;
        truth[kind] += st.reset && v < (Number(samples.at(-1)?.[1]) || 0) ? v : inc;
        samples.push([t, String(v)]);
        t += st.dt;
      }
      out[kind].push({ labels, samples });
    });
  }
  sc.duration.forEach((g, i) => {
    let b = g.baseline ? [500, 20, 1, 0] : [0, 0, 0, 0];
    const hist = (x: number[]) => ({
      count: String(x.reduce((a, c) => a + c, 0)),
      sum: String(x[0]! * 0.1 + x[1]! * 0.5 + x[2]! * 1 + x[3]! * 3),
      buckets: x.flatMap((n, k) =>
        n ? [[0, String(BOUNDS[k]![0]), String(BOUNDS[k]![1]), String(n)]] : [],
      ),
    });
    const samples: [number, unknown][] = g.baseline ? [[S - 30, hist(b)]] : [];
    let t = S + g.start;
    for (const { step: st, inc } of g.steps) {
      if (t > E) break;
      const prevCount = b.reduce((a, c) => a + c, 0);
      if (st.reset && prevCount > 0) {
        // Detectably a reset: fewer observations than before, or none.
        b = inc.reduce((a, c) => a + c, 0) < prevCount ? [...inc] : [0, 0, 0, 0];
        b.forEach((n, k) => (truth.buckets[k]! += n));
      } else {
        b = b.map((n, k) => n + inc[k]!);
        inc.forEach((n, k) => (truth.buckets[k]! += n));
      }
      samples.push([t, hist(b)]);
      t += st.dt;
    }
    out.duration.push({ labels: { testid: TESTID, name: `/p${i}` }, samples });
  });
  if (sc.missing === 'duration') {
    out.duration = [];
    truth.buckets = [0, 0, 0, 0];
  } else if (sc.missing) {
    out[sc.missing] = [];
    truth[sc.missing] = 0;
  }
  // The hostile part: a corrupted sample anywhere is unsound data; so is a duplicated series.
  let sound = true;
  for (const c of sc.corrupt) {
    const list = out[c.kind];
    if (!list.length) continue;
    const s = list[c.series % list.length]!;
    if (!s.samples.length) continue;
    const at = s.samples[c.sample % s.samples.length]!;
    const bad = c.value === 'stale' ? 'NaN' : c.value;
    if (c.kind === 'duration') {
      const h = at[1] as { count: string; buckets: unknown[][] };
      at[1] =
        c.sample % 2 && h.buckets.length
          ? { ...h, buckets: [[0, '0', '0.2', bad], ...h.buckets.slice(1)] }
          : { ...h, count: bad };
    } else at[1] = bad;
    sound = false;
  }
  if (sc.duplicate && out[sc.duplicate].length) {
    out[sc.duplicate].push(out[sc.duplicate][0]!);
    sound = false;
  }
  return { out, truth, sound };
}

/**
 * The truth against the SLO (p95 < 700 ms, p99 < 1500 ms, errors < 1%, checks >= 99%; k6's rate>0.99).
 * A percentile is within its bound when the sample at its rank, ceil(q·n), is in a bucket at or
 * below the bound: at least q·n samples there. With exactly 99 of 100 at or below 0.7 s and one
 * above 1.5 s, the 99th sample is at most 0.7 s, and p99 < 1500 ms holds.
 */
function withinSlo(t: ReturnType<typeof build>['truth']) {
  const requests = t.ok + t.failed;
  const n = t.buckets.reduce((a, c) => a + c, 0);
  return (
    requests > 0 &&
    t.failed / requests < 0.01 &&
    t.evaluations > 0 &&
    t.failures <= t.evaluations &&
    1 - t.failures / t.evaluations > 0.99 &&
    n > 0 &&
    t.buckets[0]! + t.buckets[1]! >= 0.95 * n &&
    t.buckets[0]! + t.buckets[1]! + t.buckets[2]! >= 0.99 * n
  );
}

const METRIC_OF: Record<Kind, string> = {
  ok: K6_METRICS.requestsTotal,
  failed: K6_METRICS.requestsTotal,
  evaluations: K6_METRICS.checkEvaluationsTotal,
  failures: K6_METRICS.checkFailuresTotal,
  duration: K6_METRICS.duration,
};

describe('the load verdict against a hostile Prometheus (property)', () => {
  let scripted: ScriptedPrometheus;
  let data: ReturnType<typeof build>['out'] = {
    ok: [],
    failed: [],
    evaluations: [],
    failures: [],
    duration: [],
  };
  let order: number[] = [];

  before(async () => {
    scripted = await startScriptedPrometheus((path, p) => {
      const q = p.get('query') ?? '';
      const time = Number(p.get('time'));
      if (q.startsWith('count('))
        return success({ resultType: 'vector', result: [{ metric: {}, value: [time, '1'] }] });
      const m = /^(\w+)\{(.*)\}\[(\d+s|1h)\]$/.exec(q);
      if (path !== '/api/v1/query' || !m)
        return {
          status: 400,
          body: { status: 'error', errorType: 'bad_data', error: `unscripted ${q}` },
        };
      const matchers = [...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k!, v!] as const);
      const window = m[3] === '1h' ? 3600 : Number(m[3]!.slice(0, -1));
      const all = KINDS.filter((k) => METRIC_OF[k] === m[1]).flatMap((k) => data[k]);
      const result = all
        .filter((s) => matchers.every(([k, v]) => s.labels[k] === v))
        .map((s) => ({ s, samples: s.samples.filter(([t]) => t >= time - window && t <= time) }))
        .filter(({ samples }) => samples.length)
        .map(({ s, samples }) =>
          m[1] === K6_METRICS.duration
            ? { metric: s.labels, histograms: samples }
            : { metric: s.labels, values: samples },
        );
      // The same series, in an order of the test's choosing.
      const keyed = result.map((r, i) => ({ r, k: order[i % order.length]! + i / 1000 }));
      return success({
        resultType: 'matrix',
        result: keyed.sort((a, b) => a.k - b.k).map((x) => x.r),
      });
    });
  });
  after(() => scripted?.close());

  const verdict = async () => {
    try {
      const { checks } = await judgeLoad(new PrometheusApi(scripted.url, 5000), {
        start: new Date(S * 1000),
        end: new Date(E * 1000),
        testid: TESTID,
        slo: await loadSlo(),
      });
      return {
        status: decide(checks).status,
        checks: checks.map((c) => [c.id, c.outcome, c.measured]),
      };
    } catch (err) {
      // A verdict that could not be formed is an outcome; anything else is a crash.
      if (!isCouldNotRun(err)) throw err;
      return { status: 'could-not-run', checks: [] };
    }
  };

  it('PASS only on sound data within the SLO; independent of series order; never a crash', async () => {
    const seen = { pass: 0, unsound: 0, failed: 0, couldNotRun: 0 };
    await fc.assert(
      fc.asyncProperty(scenario, async (sc) => {
        const { out, truth, sound } = build(sc);
        data = out;
        order = sc.order.map((_, i) => i);
        const first = await verdict();
        order = sc.order;
        const second = await verdict();
        assert.deepEqual(second, first, 'the verdict does not depend on the order of the series');
        if (first.status === 'pass') {
          assert.ok(sound, 'PASS on unsound data');
          assert.ok(
            withinSlo(truth),
            `PASS while the truth breaks the SLO: ${JSON.stringify(truth)}`,
          );
        }
        if (!sound) seen.unsound++;
        seen[
          first.status === 'pass' ? 'pass' : first.status === 'failed' ? 'failed' : 'couldNotRun'
        ]++;
      }),
      { numRuns: 250 },
    );
    // The property can fail: sound passing data, unsound data and failing data all came up.
    assert.ok(seen.pass >= 5 && seen.unsound >= 20 && seen.failed >= 5, JSON.stringify(seen));
    if (process.env.SHOW_STATS) console.log(JSON.stringify(seen));
  });
});
