/**
 * The HPA model (libs/scaling) replaying a load profile: what the KEDA metric shows (the
 * query's rate window averages the offered load), which replicas the HPA asks for, when they
 * are ready, and how much load each ready replica then carries against its capacity.
 */
import { simulateHpa, type ScalingPolicy } from '@loadlab/scaling';
import type { RatePoint } from './profile.ts';

export interface ReplayOptions {
  /** The rate window of the KEDA query, seconds (2m in ours). */
  readonly windowSeconds: number;
  /** From the HPA's decision to a ready pod that takes traffic (an assumption: measure yours). */
  readonly podReadySeconds: number;
  readonly syncPeriodSeconds: number;
  readonly tolerance: number;
  /** Keep replaying after the load ends, to show the scale-down. */
  readonly tailSeconds: number;
}

export const DEFAULT_REPLAY: ReplayOptions = {
  windowSeconds: 120,
  podReadySeconds: 10,
  syncPeriodSeconds: 15,
  tolerance: 0.1,
  tailSeconds: 300,
};

export interface ReplayPoint {
  readonly t: number;
  readonly offered: number;
  /** The KEDA metric: offered load averaged over the rate window. */
  readonly metric: number;
  readonly desired: number;
  readonly ready: number;
  /** Offered load divided by the ready replicas (the Service spreads it evenly). */
  readonly perReplica: number;
}

export interface Replay {
  readonly points: readonly ReplayPoint[];
  readonly peakPerReplica: number;
  /** Seconds during which each ready replica carried more than its capacity. */
  readonly secondsAboveCapacity: number;
  readonly firstAboveCapacityAt: number | null;
  readonly peakReplicas: number;
  readonly reachedMax: boolean;
  /** Seconds from the end of the load until replicas are back at min (null: not within the tail). */
  readonly scaleDownSeconds: number | null;
}

export function replay(
  profile: readonly RatePoint[],
  policy: ScalingPolicy,
  capacity: number,
  options: Partial<ReplayOptions> = {},
): Replay {
  const o = { ...DEFAULT_REPLAY, ...options };
  // The profile is a step function: the load ends where the point after the last busy one starts.
  const lastBusy = profile.findLastIndex((p) => p.rps > 0);
  const lastLoad = lastBusy < 0 ? 0 : (profile[lastBusy + 1]?.t ?? profile[lastBusy]!.t);
  const end = (profile.at(-1)?.t ?? 0) + o.tailSeconds;
  // Offered load per whole second (the profile's latest point at or before t), 0 after it.
  const offered: number[] = [];
  let j = 0;
  for (let t = 0; t <= end; t++) {
    while (j + 1 < profile.length && profile[j + 1]!.t <= t) j++;
    offered.push(
      t > (profile.at(-1)?.t ?? 0) ? 0 : (profile[j]?.t ?? 0) <= t ? profile[j]!.rps : 0,
    );
  }
  // rate(x[window]) over a counter that was flat before the test: the mean over the window.
  const metric: number[] = [];
  let sum = 0;
  // At t it covers the window's whole seconds before t.
  for (let t = 0; t <= end; t++) {
    metric.push(sum / o.windowSeconds);
    sum += offered[t]!;
    if (t >= o.windowSeconds) sum -= offered[t - o.windowSeconds]!;
  }
  const hpa = simulateHpa(
    metric.map((value, t) => ({ t, value })),
    policy,
    { syncPeriodSeconds: o.syncPeriodSeconds, tolerance: o.tolerance, until: end },
  );
  const desiredAt = (t: number): number => {
    let d = policy.minReplicas;
    for (const p of hpa) {
      if (p.t > t) break;
      d = p.replicas;
    }
    return Math.max(1, d);
  };
  const points: ReplayPoint[] = [];
  for (let t = 0; t <= end; t++) {
    const desired = desiredAt(t);
    // New pods serve only once ready; pods being removed stop serving at once.
    const ready = Math.min(desired, desiredAt(t - o.podReadySeconds));
    points.push({
      t,
      offered: offered[t]!,
      metric: metric[t]!,
      desired,
      ready,
      perReplica: offered[t]! / ready,
    });
  }
  const above = points.filter((p) => p.perReplica > capacity);
  const backAtMin = points.find(
    (p) =>
      p.t > lastLoad &&
      p.ready <= Math.max(1, policy.minReplicas) &&
      p.desired <= Math.max(1, policy.minReplicas),
  );
  const peakReplicas = Math.max(...points.map((p) => p.desired));
  return {
    points,
    peakPerReplica: Math.max(...points.map((p) => p.perReplica)),
    secondsAboveCapacity: above.length,
    firstAboveCapacityAt: above[0]?.t ?? null,
    peakReplicas,
    reachedMax: peakReplicas >= policy.maxReplicas,
    scaleDownSeconds: backAtMin ? backAtMin.t - lastLoad : null,
  };
}
