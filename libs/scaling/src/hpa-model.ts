/**
 * What KEDA + the HPA controller would do with a measured metric: a replica
 * timeline. It follows the controller's steps each sync period:
 *   1. recommendation: AverageValue -> ceil(metric / target), unless the usage
 *      ratio is within the tolerance of 1 (then: keep the current count);
 *   2. stabilization: scale up to the lowest, down to the highest recommendation
 *      inside each direction's window;
 *   3. rate limits: the behavior policies (Pods / Percent per period, selectPolicy);
 *   4. clamp to [min, max].
 */
import type { HpaScalingRules, ScalingPolicy } from './policy.ts';

export interface MetricPoint {
  /** Seconds since the start of the run. */
  readonly t: number;
  /** The scaling metric's total value at t (e.g. requests per second). */
  readonly value: number;
}

export interface ReplicaPoint {
  readonly t: number;
  readonly metric: number;
  /** ceil(metric / threshold), before stabilization and limits. */
  readonly recommended: number;
  readonly replicas: number;
}

export interface ModelOptions {
  /** The controller's --horizontal-pod-autoscaler-sync-period. */
  readonly syncPeriodSeconds?: number;
  /** The controller's --horizontal-pod-autoscaler-tolerance. */
  readonly tolerance?: number;
  readonly initialReplicas?: number;
  /** Simulate until this time (default: the last metric point). */
  readonly until?: number;
}

/** A replica change the controller made: positive for scale-up, negative for scale-down. */
export interface ScaleEvent {
  readonly t: number;
  readonly change: number;
}

/** The latest metric value at or before t (the controller sees the last scrape). */
function metricAt(points: readonly MetricPoint[], t: number): number {
  let v = 0;
  for (const p of points) {
    if (p.t > t) break;
    v = p.value;
  }
  return v;
}

function recommend(metric: number, current: number, target: number, tolerance: number): number {
  const usageRatio = metric / (target * current);
  if (Math.abs(usageRatio - 1) <= tolerance) return current;
  return Math.ceil(metric / target);
}

/**
 * Replicas at the start of the policy's period: the current count minus what was added and plus
 * what was removed inside it, as the controller counts (calculateScaleUpLimitWithScalingRules in
 * pkg/controller/podautoscaler/horizontal.go). Counting only one direction lets a scale-down
 * followed by a scale-up inside one period add more than the policy allows, or less.
 */
export function replicasAtPeriodStart(
  current: number,
  events: readonly ScaleEvent[],
  now: number,
  periodSeconds: number,
): number {
  return events.filter((e) => e.t > now - periodSeconds).reduce((n, e) => n - e.change, current);
}

/** Step 3 for scaling up: the most replicas the policies allow now. */
export function scaleUpLimit(
  current: number,
  events: readonly ScaleEvent[],
  now: number,
  rules: HpaScalingRules,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const proposals = rules.policies.map((p) => {
    const start = replicasAtPeriodStart(current, events, now, p.periodSeconds);
    // Rounded up, as upstream: otherwise a small percentage of few pods never adds one.
    return p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
  });
  return rules.selectPolicy === 'Min' ? Math.min(...proposals) : Math.max(...proposals);
}

/** Step 3 for scaling down: the fewest replicas the policies allow now. */
export function scaleDownLimit(
  current: number,
  events: readonly ScaleEvent[],
  now: number,
  rules: HpaScalingRules,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const proposals = rules.policies.map((p) => {
    const start = replicasAtPeriodStart(current, events, now, p.periodSeconds);
    // Truncated, as upstream's int32(float64(start) * (1 - value/100)).
    return p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
  });
  // "Min" picks the policy that changes least, which on the way down is the highest count.
  return rules.selectPolicy === 'Min' ? Math.max(...proposals) : Math.min(...proposals);
}

export function simulateHpa(
  points: readonly MetricPoint[],
  policy: ScalingPolicy,
  opts: ModelOptions = {},
): ReplicaPoint[] {
  const sync = opts.syncPeriodSeconds ?? 15;
  const tolerance = opts.tolerance ?? 0.1;
  const { minReplicas: min, maxReplicas: max, threshold, behavior } = policy;
  const end = opts.until ?? points.at(-1)?.t ?? 0;
  let current = Math.min(max, Math.max(min, opts.initialReplicas ?? min));
  const history: { t: number; rec: number }[] = [];
  const events: ScaleEvent[] = [];
  const out: ReplicaPoint[] = [];

  for (let t = points[0]?.t ?? 0; t <= end; t += sync) {
    const metric = metricAt(points, t);
    const recommended = recommend(metric, current, threshold, tolerance);
    history.push({ t, rec: recommended });

    // 2. stabilization
    let up = recommended;
    let down = recommended;
    for (const h of history) {
      if (h.t > t - behavior.scaleUp.stabilizationWindowSeconds) up = Math.min(up, h.rec);
      if (h.t > t - behavior.scaleDown.stabilizationWindowSeconds) down = Math.max(down, h.rec);
    }
    let desired = current;
    if (desired < up) desired = up;
    if (desired > down) desired = down;

    // 3. rate limits, 4. bounds. A limit never turns a scale-up into a scale-down (or back):
    // upstream raises the up-limit to the current count until old events leave the period.
    if (desired > current) {
      const limit = Math.max(current, scaleUpLimit(current, events, t, behavior.scaleUp));
      desired = Math.min(desired, limit, max);
    } else if (desired < current) {
      const limit = Math.min(current, scaleDownLimit(current, events, t, behavior.scaleDown));
      desired = Math.max(desired, limit, min);
    }

    if (desired !== current) events.push({ t, change: desired - current });
    current = desired;
    out.push({ t, metric, recommended, replicas: current });
  }
  return out;
}

export interface ScalingPrediction {
  readonly maxReplicas: number;
  readonly reachedMax: boolean;
  /** Seconds from the start to the first scale-up, or null if it never scaled. */
  readonly firstScaleUpSeconds: number | null;
  /** Peak metric divided by the replicas at that moment (e.g. req/s per replica). */
  readonly peakLoadPerReplica: number;
  readonly timeline: readonly ReplicaPoint[];
}

export function predictScaling(
  points: readonly MetricPoint[],
  policy: ScalingPolicy,
  opts: ModelOptions = {},
): ScalingPrediction {
  const timeline = simulateHpa(points, policy, opts);
  const start = timeline[0]?.replicas ?? policy.minReplicas;
  const peak = timeline.reduce((m, p) => Math.max(m, p.replicas), 0);
  const firstUp = timeline.find((p) => p.replicas > start);
  const busiest = timeline.reduce<ReplicaPoint | undefined>(
    (b, p) => (!b || p.metric > b.metric ? p : b),
    undefined,
  );
  return {
    maxReplicas: peak,
    reachedMax: peak >= policy.maxReplicas,
    firstScaleUpSeconds: firstUp ? firstUp.t - (timeline[0]?.t ?? 0) : null,
    peakLoadPerReplica: busiest ? busiest.metric / busiest.replicas : 0,
    timeline,
  };
}
