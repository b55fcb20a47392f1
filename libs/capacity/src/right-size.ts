/**
 * "Right size" judged against the measured capacity: at the peak, does each ready replica
 * carry no more than it holds within the SLO, and are there no more replicas than the load
 * needs at the target utilization? For the scaling verifier, beside ceil(metric / threshold).
 * Without a capacity, or without a peak, it is not judged (ok: null), never a pass.
 */

export interface LoadPoint {
  readonly t: number;
  /** Total load (the KEDA metric, req/s). */
  readonly metric: number;
  /** Ready replicas at t. */
  readonly ready: number;
}

export interface RightSizeInput {
  readonly points: readonly LoadPoint[];
  /** req/s one replica holds within the SLO; null or undefined when none was measured. */
  readonly capacity: number | null | undefined;
  readonly targetUtilization?: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Share of the needed replicas allowed above it, like the HPA's tolerance (at least one). */
  readonly tolerance?: number;
  /** Points within this share of the peak load count as "the peak". */
  readonly peakShare?: number;
}

export interface RightSizeJudgement {
  readonly id: 'right-size-capacity';
  readonly name: string;
  /** null: not judged (no capacity or no load at the peak), with the reason in `detail`. */
  readonly ok: boolean | null;
  /** Median load per ready replica at the peak, req/s. */
  readonly measured: number | null;
  readonly expected: string;
  readonly unit: 'req/s per replica';
  readonly peakReplicas: number | null;
  /** min(max, max(min, ceil(peak load / (capacity × utilization)))). */
  readonly neededReplicas: number | null;
  readonly detail: string;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export function rightSizeByCapacity(i: RightSizeInput): RightSizeJudgement {
  const util = i.targetUtilization ?? 0.7;
  const name = 'right size: load per ready replica at the peak against the measured capacity';
  const notJudged = (detail: string): RightSizeJudgement => ({
    id: 'right-size-capacity',
    name,
    ok: null,
    measured: null,
    expected: i.capacity ? `≤ ${i.capacity} req/s per replica` : 'a measured capacity',
    unit: 'req/s per replica',
    peakReplicas: null,
    neededReplicas: null,
    detail,
  });
  if (!i.capacity || !(i.capacity > 0))
    return notJudged('no measured capacity: run nx run load-tests:capacity, then pass --capacity');
  const withPods = i.points.filter((p) => p.ready > 0 && Number.isFinite(p.metric));
  const peak = Math.max(0, ...withPods.map((p) => p.metric));
  if (!(peak > 0)) return notJudged('no load with ready replicas in the window');
  const atPeak = withPods.filter((p) => p.metric >= peak * (i.peakShare ?? 0.9));
  const perReplica = median(atPeak.map((p) => p.metric / p.ready));
  const replicas = median(atPeak.map((p) => p.ready));
  const needed = Math.min(
    i.maxReplicas,
    Math.max(i.minReplicas, Math.ceil(peak / (i.capacity * util))),
  );
  const slack = Math.max(1, Math.ceil(needed * (i.tolerance ?? 0.1)));
  const overloaded = perReplica > i.capacity;
  const oversized = replicas > needed + slack;
  const maxTooLow = peak / i.maxReplicas > i.capacity;
  const detail = overloaded
    ? `each replica carried ${perReplica.toFixed(1)} req/s at the peak, above the ${i.capacity} it holds: ${maxTooLow ? `maxReplicaCount ${i.maxReplicas} is too low for ${peak.toFixed(0)} req/s` : 'the threshold is above capacity or scale-up lags'}`
    : oversized
      ? `${replicas} replicas at the peak where ${needed} would carry ${peak.toFixed(0)} req/s at ${util * 100}% of capacity: the threshold is below what a replica holds`
      : `${replicas} replicas carried ${perReplica.toFixed(1)} req/s each, within the ${i.capacity} one holds`;
  return {
    id: 'right-size-capacity',
    name,
    ok: !overloaded && !oversized,
    measured: perReplica,
    expected: `≤ ${i.capacity} req/s per replica, ${needed} (+${slack}) replicas`,
    unit: 'req/s per replica',
    peakReplicas: replicas,
    neededReplicas: needed,
    detail,
  };
}
