/** The scaling checks: each with pass/fail, the measured figure and the expected one. */
import { simulateHpa, type ScalingPolicy } from '@loadlab/scaling';
import type { Point, Series } from '../figures.ts';
import type { Check } from '../judge.ts';
import type { ScalingSeries } from './collect-scaling.ts';

export interface ScalingLimits {
  /** From the metric crossing threshold × replicas to more ready replicas. */
  readonly maxScaleUpSeconds: number;
  /** Added to the scale-down stabilization window. */
  readonly scaleDownMarginSeconds: number;
  /** Replica changes allowed in any 5-minute window. */
  readonly maxReversalsPer5m: number;
  /** Per-pod request rates: coefficient of variation allowed. */
  readonly maxSpreadCv: number;
  /** Mean |predicted − observed| desired replicas allowed. */
  readonly maxModelError: number;
  readonly maxErrorRate: number;
  /** The HPA's tolerance around the target. */
  readonly tolerance: number;
}

export const DEFAULT_LIMITS: ScalingLimits = {
  maxScaleUpSeconds: 120,
  scaleDownMarginSeconds: 120,
  // One reversal is a normal run (up, then down); two allow a second wave. Flapping makes many.
  maxReversalsPer5m: 2,
  maxSpreadCv: 0.25,
  maxModelError: 1,
  maxErrorRate: 0.01,
  tolerance: 0.1,
};

const at = (s: Series, t: number): number | undefined => {
  let v: number | undefined;
  for (const [pt, pv] of s.points) {
    if (pt > t) break;
    v = pv;
  }
  return v;
};
const changes = (s: Series): Point[] =>
  s.points.filter((p, i) => i > 0 && p[1] !== s.points[i - 1]![1]);

export interface ScalingFigures {
  readonly crossedAt: number | null;
  readonly scaleUpSeconds: number | null;
  readonly peakReplicas: number;
  readonly expectedPeak: number;
  readonly loadEndedAt: number | null;
  readonly scaleDownSeconds: number | null;
  readonly maxReversalsPer5m: number;
  readonly errorsDuringScaling: number | null;
  readonly spreadCv: number | null;
  readonly modelError: number;
  readonly predicted: Series;
}

export function scalingFigures(
  s: ScalingSeries,
  policy: ScalingPolicy,
  l: ScalingLimits,
): ScalingFigures {
  const thr = policy.threshold;
  // Scale-up: the first time the metric needs more replicas than are current.
  const crossing = s.metric.points.find(
    ([t, m]) =>
      m > thr * (at(s.current, t) ?? at(s.ready, t) ?? policy.minReplicas) * (1 + l.tolerance),
  );
  const crossedAt = crossing?.[0] ?? null;
  let scaleUpSeconds: number | null = null;
  if (crossedAt !== null) {
    const readyThen = at(s.ready, crossedAt) ?? policy.minReplicas;
    const rose = s.ready.points.find(([t, r]) => t >= crossedAt && r > readyThen);
    scaleUpSeconds = rose ? rose[0] - crossedAt : null;
  }
  // Right size: the peak against what the peak metric calls for.
  const peakMetric = Math.max(0, ...s.metric.points.map((p) => p[1]));
  const peakReplicas = Math.max(
    0,
    ...s.desired.points.map((p) => p[1]),
    ...s.ready.points.map((p) => p[1]),
  );
  const expectedPeak = Math.min(
    policy.maxReplicas,
    Math.max(policy.minReplicas, Math.ceil(peakMetric / thr)),
  );
  // Scale-down: after the metric last needed more than min replicas.
  const busy = s.metric.points.filter(([, m]) => m > thr * policy.minReplicas * (1 + l.tolerance));
  const loadEndedAt =
    busy.length && busy.at(-1)![0] < (s.metric.points.at(-1)?.[0] ?? 0) ? busy.at(-1)![0] : null;
  let scaleDownSeconds: number | null = null;
  if (loadEndedAt !== null) {
    const down = s.ready.points.find(
      ([t, r]) => t > loadEndedAt && r <= Math.max(policy.minReplicas, 1),
    );
    scaleDownSeconds = down ? down[0] - loadEndedAt : null;
  }
  // Flapping: direction reversals of desired replicas in any 5-minute window. A ramp up and back
  // down is one reversal however many steps it takes: the real HPA climbs in steps while the 2m
  // rate rises, so counting every change would call a healthy short run flapping.
  const d = s.desired.points;
  const steps = d.flatMap((p, i) =>
    i > 0 && p[1] !== d[i - 1]![1] ? [{ t: p[0], up: p[1] > d[i - 1]![1] }] : [],
  );
  const reversals = steps.filter((st, i) => i > 0 && st.up !== steps[i - 1]!.up).map((st) => st.t);
  const maxReversalsPer5m = Math.max(
    0,
    ...reversals.map((t) => reversals.filter((u) => u >= t && u < t + 300).length),
  );
  // Errors while pods come and go: from 30 s before a ready change to 60 s after.
  const scaleWindows = changes(s.ready).map(([t]) => [t - 30, t + 60] as const);
  const inScaling = (series: Series) =>
    series.points.filter(([t]) => scaleWindows.some(([a, b]) => t >= a && t <= b)).map((p) => p[1]);
  const errs = [...inScaling(s.serverErrorRatio), ...inScaling(s.clientErrorRate)];
  const errorsDuringScaling = scaleWindows.length ? Math.max(0, ...errs) : null;
  // Load spread: the coefficient of variation of per-pod rates, averaged over times with 2+ pods.
  const times = [...new Set(s.perPod.flatMap((p) => p.points.map(([t]) => t)))];
  const cvs = times
    .map((t) =>
      s.perPod
        .map((p) => p.points.find(([u]) => u === t)?.[1])
        .filter((v): v is number => v !== undefined && v > 0),
    )
    .filter((rates) => rates.length >= 2)
    .map((rates) => {
      const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
      return Math.sqrt(rates.reduce((a, r) => a + (r - mean) ** 2, 0) / rates.length) / mean;
    });
  const spreadCv = cvs.length ? cvs.reduce((a, b) => a + b, 0) / cvs.length : null;
  // Model against reality: the HPA model on the same metric, beside the observed desired replicas.
  const model = simulateHpa(
    s.metric.points.map(([t, value]) => ({ t, value })),
    policy,
    { initialReplicas: at(s.desired, s.metric.points[0]?.[0] ?? 0) },
  );
  const predicted: Series = {
    name: 'predicted (model)',
    points: model.map((p) => [p.t, p.replicas] as Point),
  };
  const diffs = model.map((p) => Math.abs(p.replicas - (at(s.desired, p.t) ?? p.replicas)));
  const modelError = diffs.length ? diffs.reduce((a, b) => a + b, 0) / diffs.length : 0;
  return {
    crossedAt,
    scaleUpSeconds,
    peakReplicas,
    expectedPeak,
    loadEndedAt,
    scaleDownSeconds,
    maxReversalsPer5m,
    errorsDuringScaling,
    spreadCv,
    modelError,
    predicted,
  };
}

export function scalingChecks(f: ScalingFigures, policy: ScalingPolicy, l: ScalingLimits): Check[] {
  const c = (
    id: string,
    name: string,
    ok: boolean,
    measured: number | null,
    expected: string,
    unit: string,
  ): Check => ({ id, name, ok, measured, expected, unit });
  const slack = Math.max(1, Math.ceil(f.expectedPeak * l.tolerance));
  const downLimit = policy.behavior.scaleDown.stabilizationWindowSeconds + l.scaleDownMarginSeconds;
  return [
    c(
      'scale-up',
      'scale-up latency (metric crossing to more ready pods)',
      f.scaleUpSeconds !== null && f.scaleUpSeconds <= l.maxScaleUpSeconds,
      f.scaleUpSeconds,
      `<= ${l.maxScaleUpSeconds}`,
      's',
    ),
    c(
      'right-size',
      'peak replicas against min(max, ceil(peak metric / threshold))',
      Math.abs(f.peakReplicas - f.expectedPeak) <= slack && f.peakReplicas <= policy.maxReplicas,
      f.peakReplicas,
      `${f.expectedPeak} ± ${slack}, <= ${policy.maxReplicas}`,
      'replicas',
    ),
    c(
      'scale-down',
      'scale-down to min after the load',
      f.scaleDownSeconds !== null && f.scaleDownSeconds <= downLimit,
      f.scaleDownSeconds,
      `<= ${downLimit}`,
      's',
    ),
    c(
      'no-flapping',
      'direction reversals of desired replicas in any 5 minutes',
      f.maxReversalsPer5m <= l.maxReversalsPer5m,
      f.maxReversalsPer5m,
      `<= ${l.maxReversalsPer5m}`,
      'reversals',
    ),
    c(
      'errors-while-scaling',
      'errors while pods are added and removed',
      f.errorsDuringScaling === null || f.errorsDuringScaling < l.maxErrorRate,
      f.errorsDuringScaling,
      `< ${l.maxErrorRate}`,
      'ratio',
    ),
    c(
      'load-spread',
      'per-pod load spread (coefficient of variation)',
      f.spreadCv === null || f.spreadCv <= l.maxSpreadCv,
      f.spreadCv,
      `<= ${l.maxSpreadCv}`,
      'cv',
    ),
    c(
      'model',
      'model against reality (mean |predicted − observed|)',
      f.modelError <= l.maxModelError,
      f.modelError,
      `<= ${l.maxModelError}`,
      'replicas',
    ),
  ];
}
