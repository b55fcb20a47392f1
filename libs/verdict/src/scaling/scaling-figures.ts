/**
 * The scaling figures, from the series a cluster's Prometheus holds. Each figure is measured, or
 * comes with the reason it cannot be (and the fix); a figure is never invented from a default.
 */
import { expectedPeak, simulateHpa, type ScalingPolicy } from '@loadlab/scaling';
import type { Why } from '../model/check.ts';
import type { Point, Series } from '../model/figures.ts';
import type { ScalingFigures, ScalingSeries } from '../model/scaling.ts';
import type { ScalingCheckId } from '../model/slo.ts';

export interface ScalingLimits {
  /** From the metric crossing threshold × replicas to more ready replicas. */
  readonly maxScaleUpSeconds: number;
  /** Added to the scale-down stabilization window. */
  readonly scaleDownMarginSeconds: number;
  /** Direction reversals of desired replicas allowed in any 5-minute window. */
  readonly maxReversalsPer5m: number;
  /** Per-pod request rates: coefficient of variation allowed. */
  readonly maxSpreadCv: number;
  /** Mean |predicted − observed| desired replicas allowed. */
  readonly maxModelError: number;
  /** Below this share of the window with both series, the model is not judged. */
  readonly minModelCoverage: number;
  readonly maxErrorRate: number;
  /** The HPA's tolerance around the target. */
  readonly tolerance: number;
  /**
   * Consecutive ready-replica samples further apart than this leave a gap: a change seen after
   * it happened somewhere inside it, so a latency across it is only known between two bounds.
   */
  readonly maxSampleGapSeconds: number;
}

export const DEFAULT_LIMITS: ScalingLimits = {
  maxScaleUpSeconds: 120,
  scaleDownMarginSeconds: 120,
  // One reversal is a normal run (up, then down); two allow a second wave. Flapping makes many.
  maxReversalsPer5m: 2,
  maxSpreadCv: 0.25,
  maxModelError: 1,
  minModelCoverage: 0.5,
  maxErrorRate: 0.01,
  tolerance: 0.1,
  maxSampleGapSeconds: 45,
};

/** The last sample at or before t. */
export const at = (s: Series, t: number): number | undefined => {
  let v: number | undefined;
  for (const [pt, pv] of s.points) {
    if (pt > t) break;
    v = pv;
  }
  return v;
};
const changes = (s: Series): Point[] =>
  s.points.filter((p, i) => i > 0 && p[1] !== s.points[i - 1]![1]);
const lastT = (s: Series) => s.points.at(-1)?.[0];
const pct = (share: number) => `${Math.round(share * 100)}%`;
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export const scaleDownLimitSeconds = (policy: ScalingPolicy, l: ScalingLimits) =>
  policy.behavior.scaleDown.stabilizationWindowSeconds + l.scaleDownMarginSeconds;

/**
 * A range query repeats a series' last sample for up to 5 minutes (Prometheus' lookback), so a
 * gap in kube-state-metrics' samples would read as replicas that did not change: ready points
 * whose sample is older than this are dropped by collectScaling, leaving the gap a gap.
 */
export const MAX_SAMPLE_AGE_SECONDS = 45;

type WhyMap = Partial<Record<ScalingCheckId, Why>>;

/**
 * How long after `from` the ready-replica change first seen at points[i] happened. Seen right
 * after a sample, it is that sample's time; seen after a gap in the samples, it happened somewhere
 * inside the gap: judged only when both bounds fall on the same side of the limit. A gap is
 * missing data, never evidence of a slow scale.
 */
export function changeSeen(
  points: readonly Point[],
  i: number,
  from: number,
  limit: number,
  l: Pick<ScalingLimits, 'maxSampleGapSeconds'>,
  what: string,
): { seconds: number } | Why {
  const [t] = points[i]!;
  const upper = t - from;
  const prev = points[i - 1];
  if (!prev || t - prev[0] <= l.maxSampleGapSeconds || upper <= limit) return { seconds: upper };
  // The sample behind a point may be up to MAX_SAMPLE_AGE_SECONDS older than the point.
  const lower = Math.max(0, prev[0] - MAX_SAMPLE_AGE_SECONDS - from);
  if (lower > limit)
    return {
      failed: `ready replicas were still ${prev[1]} at least ${lower} s after ${what} (seen at ${prev[0]} s; limit ${limit} s)`,
    };
  return {
    notJudged: `no ready-replica sample from ${prev[0]} s to ${t} s (a ${t - prev[0]} s gap): the change happened inside it, between ${lower} and ${upper} s after ${what}, against a limit of ${limit} s. Missing data, not a slow scale: scrape kube-state-metrics without gaps`,
  };
}

function scaleUp(s: ScalingSeries, policy: ScalingPolicy, l: ScalingLimits, why: WhyMap) {
  const thr = policy.threshold;
  // The HPA's current count, else ready. A current of 0 while pods are ready is a status the HPA
  // has not written yet (its first sync), not a count: a crossing judged against it would find
  // the ready pod "above" it and call that a scale-up.
  const runningAt = (t: number) => {
    const current = at(s.current, t);
    const ready = at(s.ready, t);
    return current === undefined || (current === 0 && (ready ?? 0) > 0) ? ready : current;
  };
  // The first time the metric needs more replicas than are running (current, else ready).
  const crossing = s.metric.points.find(([t, m]) => {
    const running = runningAt(t);
    return running !== undefined && m > thr * running * (1 + l.tolerance);
  });
  if (!crossing) {
    why['scale-up'] = {
      notJudged:
        'the KEDA metric never rose above threshold × running replicas in the window: nothing asked for a scale-up (run the scale-out suite, or widen the window)',
    };
    return { crossedAt: null, scaleUpSeconds: null };
  }
  const crossedAt = crossing[0];
  const readyThen = at(s.ready, crossedAt);
  if (readyThen === undefined) {
    why['scale-up'] = {
      notJudged: `no ready-replica sample at or before the crossing at ${crossedAt} s: is kube-state-metrics scraped from the start of the window?`,
    };
    return { crossedAt, scaleUpSeconds: null };
  }
  // current lags ready by up to a scrape: a pod ready by the crossing's own sample, beyond the
  // count the crossing was judged against, is the scale-up, seen within that step.
  if (readyThen > runningAt(crossedAt)!) return { crossedAt, scaleUpSeconds: 0 };
  const pts = s.ready.points;
  const k = pts.findIndex(([t, r]) => t >= crossedAt && r > readyThen);
  if (k >= 0) {
    const seen = changeSeen(pts, k, crossedAt, l.maxScaleUpSeconds, l, 'the crossing');
    if ('seconds' in seen) return { crossedAt, scaleUpSeconds: seen.seconds };
    why['scale-up'] = seen;
    return { crossedAt, scaleUpSeconds: null };
  }
  const observed = lastT(s.ready)! - crossedAt;
  why['scale-up'] =
    observed >= l.maxScaleUpSeconds
      ? {
          failed: `ready replicas stayed at ${readyThen} for the ${observed} s after the metric crossed threshold × replicas at ${crossedAt} s`,
        }
      : {
          notJudged: `the window ends ${observed} s after the crossing, before the ${l.maxScaleUpSeconds} s a scale-up may take: verify with a later --end`,
        };
  return { crossedAt, scaleUpSeconds: null };
}

function rightSize(s: ScalingSeries, policy: ScalingPolicy, why: WhyMap) {
  const replicas = [...s.desired.points, ...s.ready.points].map((p) => p[1]);
  if (!s.metric.points.length || !replicas.length) {
    why['right-size'] = {
      notJudged: !s.metric.points.length
        ? 'no KEDA metric samples: is the app scraped in this namespace?'
        : 'no desired or ready replica samples: is kube-state-metrics scraped?',
    };
    return { peakReplicas: null, expectedPeak: null };
  }
  const peakMetric = Math.max(...s.metric.points.map((p) => p[1]));
  return { peakReplicas: Math.max(...replicas), expectedPeak: expectedPeak(peakMetric, policy) };
}

function scaleDown(s: ScalingSeries, policy: ScalingPolicy, l: ScalingLimits, why: WhyMap) {
  const busy = s.metric.points.filter(
    ([, m]) => m > policy.threshold * policy.minReplicas * (1 + l.tolerance),
  );
  if (!busy.length) {
    why['scale-down'] = {
      notJudged: `the load never needed more than ${policy.minReplicas} replica(s): nothing to scale down`,
    };
    return { loadEndedAt: null, scaleDownSeconds: null };
  }
  const loadEndedAt = busy.at(-1)![0];
  if (loadEndedAt === lastT(s.metric)) {
    why['scale-down'] = {
      notJudged:
        'the load still needed more than min replicas at the end of the window: verify with a later --end',
    };
    return { loadEndedAt: null, scaleDownSeconds: null };
  }
  const floor = Math.max(policy.minReplicas, 1);
  const limit = scaleDownLimitSeconds(policy, l);
  // Scaled down once ready replicas reach the floor and stay there to the end of the window: a
  // single low sample between higher ones is a glitch (or a rollout), not a scale-down.
  const pts = s.ready.points;
  let i = pts.length;
  while (i > 0 && pts[i - 1]![1] <= floor && pts[i - 1]![0] > loadEndedAt) i--;
  if (i < pts.length) {
    const seen = changeSeen(pts, i, loadEndedAt, limit, l, 'the load ended');
    if (!('seconds' in seen)) {
      why['scale-down'] = seen;
      return { loadEndedAt, scaleDownSeconds: null };
    }
    // Down in time, but only for the window's last sample: it may not stay down.
    if (seen.seconds <= limit && i === pts.length - 1) {
      why['scale-down'] = {
        notJudged: `ready replicas reached ${floor} only at the window's last sample (${pts[i]![0]} s): one sample is no scale-down; verify with a later --end`,
      };
      return { loadEndedAt, scaleDownSeconds: null };
    }
    return { loadEndedAt, scaleDownSeconds: seen.seconds };
  }
  const observed = (lastT(s.ready) ?? loadEndedAt) - loadEndedAt;
  why['scale-down'] =
    observed >= limit
      ? {
          failed: `${at(s.ready, loadEndedAt + observed) ?? 'unknown'} replicas were still ready ${observed} s after the load ended at ${loadEndedAt} s`,
        }
      : {
          notJudged: `the window ends ${observed} s after the load ended, before the ${limit} s a scale-down may take: verify with a later --end`,
        };
  return { loadEndedAt, scaleDownSeconds: null };
}

/**
 * Direction reversals of desired replicas in any 5 minutes. A ramp up and back down is one
 * reversal however many steps it takes: the real HPA climbs in steps while the 2m rate rises,
 * so counting every change would call a healthy short run flapping.
 */
function reversals(s: ScalingSeries, why: WhyMap): number | null {
  const d = s.desired.points;
  if (d.length < 2) {
    why['no-flapping'] = {
      notJudged: `${plural(d.length, 'desired-replica sample')} in the window: is kube-state-metrics scraped?`,
    };
    return null;
  }
  const steps = d.flatMap((p, i) =>
    i > 0 && p[1] !== d[i - 1]![1] ? [{ t: p[0], up: p[1] > d[i - 1]![1] }] : [],
  );
  const times = steps.filter((st, i) => i > 0 && st.up !== steps[i - 1]!.up).map((st) => st.t);
  return times.reduce(
    (most, t) => Math.max(most, times.filter((u) => u >= t && u < t + 300).length),
    0,
  );
}

/** Errors while pods come and go: from 30 s before a ready change to 60 s after. */
function errorsWhileScaling(s: ScalingSeries, why: WhyMap): number | null {
  const windows = changes(s.ready).map(([t]) => [t - 30, t + 60] as const);
  if (!windows.length) {
    why['errors-while-scaling'] = {
      notJudged: 'ready replicas never changed in the window: no scaling to judge errors during',
    };
    return null;
  }
  const inScaling = (series: Series) =>
    series.points.filter(([t]) => windows.some(([a, b]) => t >= a && t <= b)).map((p) => p[1]);
  const server = inScaling(s.serverErrorRatio);
  const client = inScaling(s.clientErrorRate);
  // A ratio outside [0, 1] is broken data: never averaged into a pass.
  const junk = [...server, ...client].find((v) => !(v >= 0 && v <= 1));
  if (junk !== undefined) {
    why['errors-while-scaling'] = {
      notJudged: `an error ratio read as ${junk} while replicas changed, not a ratio in [0, 1]: the series behind it are broken (a counter reset inside a rate window, or a bad recording rule)`,
    };
    return null;
  }
  if (!server.length && !client.length) {
    why['errors-while-scaling'] = {
      notJudged:
        "no error samples (server 5xx ratio or k6's failed rate) while replicas changed: is the app scraped, and does k6 remote-write with this testid?",
    };
    return null;
  }
  const sides = [server.length ? 'server 5xx ratio' : '', client.length ? "k6's failed rate" : '']
    .filter(Boolean)
    .join(' and ');
  why['errors-while-scaling'] = { note: `from the ${sides}` };
  return Math.max(...server, ...client);
}

/** The window of the per-pod request rates the spread is judged on. */
export const PER_POD_RATE_WINDOW_S = 60;
/** The spread is judged while the pods together serve at least this share of their peak. */
const LOAD_ON_SHARE = 0.25;

/**
 * Load spread: the coefficient of variation of per-pod rates, at times with 2+ ready pods. A pod
 * counts only once a full window has passed since it first served: before that the window reaches
 * back to before the pod served, so a pod just added looks idle next to one that has served all along.
 */
function spread(s: ScalingSeries, why: WhyMap): number | null {
  const multi = s.ready.points.filter(([, r]) => r >= 2);
  if (!multi.length) {
    why['load-spread'] = { notJudged: 'never 2 or more ready pods: no spread to judge' };
    return null;
  }
  const busy = (p: Series, t: number) => (p.points.find(([u]) => u === t)?.[1] ?? 0) > 0;
  // From its first request, not its first scrape: a pod is scraped while it starts, before the
  // Service sends it anything, and a window reaching back to then reads low.
  const firstServed = new Map(s.perPod.map((p) => [p, p.points.find(([, v]) => v > 0)?.[0]]));
  const windowFull = (p: Series, t: number) => firstServed.get(p)! + PER_POD_RATE_WINDOW_S <= t;
  const serving = multi.map(([t]) => ({
    t,
    rates: s.perPod
      .filter((p) => busy(p, t) && windowFull(p, t))
      .map((p) => p.points.find(([u]) => u === t)![1]),
  }));
  // Once the load ends, the windows hold only its last seconds: how those few requests fell is
  // not how the load was spread. A sample counts while the pods together serve at least a quarter
  // of their peak (the dregs that failed a real run were 3% of it).
  const total = (t: number) =>
    s.perPod.reduce((a, p) => a + (p.points.find(([u]) => u === t)?.[1] ?? 0), 0);
  const peak = Math.max(0, ...s.perPod.flatMap((p) => p.points.map(([t]) => total(t))));
  const full = serving.filter((x) => x.rates.length >= 2);
  const judged = full.filter((x) => total(x.t) >= LOAD_ON_SHARE * peak);
  if (!judged.length) {
    const seen = Math.max(...multi.map(([t]) => s.perPod.filter((p) => busy(p, t)).length));
    const ready = Math.max(...multi.map(([, r]) => r));
    why['load-spread'] = {
      notJudged: full.length
        ? `2+ pods had a full ${PER_POD_RATE_WINDOW_S} s rate window only after the load fell below a quarter of its peak: hold the load longer after a scale-up`
        : seen >= 2
          ? `2+ pods served, but never 2 with a full ${PER_POD_RATE_WINDOW_S} s rate window at once: hold the load longer after a scale-up`
          : `requests seen from ${plural(seen, 'pod')} while ${ready} were ready: scrape the pods, not the Service`,
    };
    return null;
  }
  const cvs = judged.map(({ rates }) => {
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    return Math.sqrt(rates.reduce((a, r) => a + (r - mean) ** 2, 0) / rates.length) / mean;
  });
  why['load-spread'] = {
    note: `at ${judged.length} of ${plural(multi.length, 'sample')} with 2+ ready pods`,
  };
  return cvs.reduce((a, b) => a + b, 0) / cvs.length;
}

/** The HPA model on the same metric, compared with the observed desired replicas where both exist. */
function model(s: ScalingSeries, policy: ScalingPolicy, l: ScalingLimits, why: WhyMap) {
  const timeline = simulateHpa(
    s.metric.points.map(([t, value]) => ({ t, value })),
    policy,
    { initialReplicas: at(s.desired, s.metric.points[0]?.[0] ?? 0) },
  );
  const predicted: Series = {
    name: 'predicted (model)',
    points: timeline.map((p) => [p.t, p.replicas] as Point),
  };
  const observed = new Map(s.desired.points.map(([t, v]) => [t, v]));
  const pairs = s.metric.points.length
    ? timeline
        .filter((p) => observed.has(p.t))
        .map((p) => Math.abs(p.replicas - observed.get(p.t)!))
    : [];
  const coverage = timeline.length && pairs.length ? pairs.length / timeline.length : 0;
  const result = { predicted, modelCoverage: coverage, modelError: null as number | null };
  if (!pairs.length) {
    why.model = {
      notJudged: s.metric.points.length
        ? 'no observed desired-replica sample at the model’s steps: is kube-state-metrics scraped?'
        : 'no KEDA metric samples to run the model on: is the app scraped in this namespace?',
    };
    return result;
  }
  const note = `compared on ${pairs.length} of ${timeline.length} steps (${pct(coverage)} of the window)`;
  if (coverage < l.minModelCoverage) {
    why.model = {
      notJudged: `observed desired replicas cover ${pct(coverage)} of the window, below ${pct(l.minModelCoverage)}: is kube-state-metrics scraped throughout?`,
      note,
    };
    return result;
  }
  why.model = { note };
  return { ...result, modelError: pairs.reduce((a, b) => a + b, 0) / pairs.length };
}

export function scalingFigures(
  s: ScalingSeries,
  policy: ScalingPolicy,
  l: ScalingLimits,
): ScalingFigures {
  const why: WhyMap = {};
  return {
    ...scaleUp(s, policy, l, why),
    ...rightSize(s, policy, why),
    ...scaleDown(s, policy, l, why),
    maxReversalsPer5m: reversals(s, why),
    errorsDuringScaling: errorsWhileScaling(s, why),
    spreadCv: spread(s, why),
    ...model(s, policy, l, why),
    why,
  };
}
