/**
 * Advice from a measured capacity: the KEDA threshold (capacity × target utilization), min and
 * max replicas for a peak, and whether the behavior policies add replicas fast enough for the
 * profile's ramp, each shown by replaying the profile under the current and recommended settings.
 */
import type { ScalingPolicy } from '@loadlab/scaling';
import type { RatePoint } from './profile.ts';
import { replay, type Replay, type ReplayOptions } from './replay.ts';

export interface AdviceInput {
  /** Requests per second one replica holds within the SLO. */
  readonly capacity: number;
  readonly profile: readonly RatePoint[];
  readonly current: ScalingPolicy;
  /** Share of capacity a replica should carry in steady state (headroom for ramps and a lost pod). */
  readonly targetUtilization?: number;
  /** maxReplicaCount covers the peak × this (room above the forecast). */
  readonly peakHeadroom?: number;
  readonly replay?: Partial<ReplayOptions>;
}

export interface Advice {
  readonly capacity: number;
  readonly targetUtilization: number;
  readonly peakRps: number;
  readonly recommended: ScalingPolicy;
  readonly current: ScalingPolicy;
  readonly currentReplay: Replay;
  readonly recommendedReplay: Replay;
  /** The recommended threshold and max with the min the start of the profile needs, before raising it. */
  readonly baseReplay: Replay;
  readonly baseMinReplicas: number;
  /** With the recommended threshold and that min, no replica carries more than its capacity. */
  readonly scaleUpFastEnough: boolean;
  /** The fewest min replicas that keep every replica within capacity during the ramp, if any ≤ max. */
  readonly minToAbsorbRamp: number | null;
  readonly findings: readonly string[];
}

export class AdviceError extends Error {}

const r1 = (v: number) => Math.round(v * 10) / 10;

export function advise(i: AdviceInput): Advice {
  const util = i.targetUtilization ?? 0.7;
  const headroom = i.peakHeadroom ?? 1.2;
  if (!(i.capacity > 0))
    throw new AdviceError(`capacity must be a positive req/s, got ${i.capacity}`);
  if (!(util > 0 && util <= 1))
    throw new AdviceError(`target utilization must be in (0, 1], got ${util}`);
  if (!(headroom >= 1)) throw new AdviceError(`peak headroom must be ≥ 1, got ${headroom}`);
  const peakRps = Math.max(0, ...i.profile.map((p) => p.rps));
  if (!(peakRps > 0)) throw new AdviceError('the load profile has no load: nothing to size for');

  // The epsilon keeps 180 × 0.7 at 126, not 125.99999.
  const threshold = Math.max(1, Math.floor(i.capacity * util + 1e-9));
  const maxReplicas = Math.max(1, Math.ceil((peakRps * headroom) / threshold));
  // Enough replicas for the load at the start of the profile, at least one.
  const startRps = i.profile[0]?.rps ?? 0;
  const base: ScalingPolicy = {
    ...i.current,
    threshold,
    // KEDA's activation only matters at 0 replicas; keep it below the threshold.
    activationThreshold: Math.min(i.current.activationThreshold, threshold),
    minReplicas: Math.max(1, Math.ceil(startRps / threshold)),
    maxReplicas,
  };
  const run = (p: ScalingPolicy) => replay(i.profile, p, i.capacity, i.replay);
  const baseReplay = run(base);
  let recommendedReplay = baseReplay;
  let recommended = base;
  // The ramp outruns the scale-up: find the min that absorbs it (bounded by max).
  let minToAbsorbRamp: number | null = recommendedReplay.secondsAboveCapacity
    ? null
    : base.minReplicas;
  if (minToAbsorbRamp === null) {
    for (let m = base.minReplicas + 1; m <= maxReplicas; m++) {
      const p = { ...base, minReplicas: m };
      const r = run(p);
      if (r.secondsAboveCapacity === 0) {
        minToAbsorbRamp = m;
        recommended = p;
        recommendedReplay = r;
        break;
      }
    }
  }
  const currentReplay = run(i.current);
  const scaleUpFastEnough = baseReplay.secondsAboveCapacity === 0;

  const findings: string[] = [];
  const c = i.current;
  findings.push(
    `one replica holds ${r1(i.capacity)} req/s; at ${util * 100}% of it the threshold is ${threshold} req/s per replica (now ${c.threshold})`,
  );
  if (c.threshold > i.capacity)
    findings.push(
      `the current threshold ${c.threshold} is above the measured capacity ${r1(i.capacity)}: replicas break the SLO before KEDA adds more`,
    );
  else if (c.threshold < i.capacity * util * 0.5)
    findings.push(
      `the current threshold ${c.threshold} uses ${Math.round((c.threshold / i.capacity) * 100)}% of a replica: about ${r1(threshold / c.threshold)}× the replicas needed`,
    );
  findings.push(
    `peak ${r1(peakRps)} req/s × ${headroom} headroom / ${threshold} = maxReplicaCount ${maxReplicas} (now ${c.maxReplicas})`,
  );
  if (peakRps > c.maxReplicas * i.capacity)
    findings.push(
      `the current maxReplicaCount ${c.maxReplicas} holds at most ${r1(c.maxReplicas * i.capacity)} req/s: below the peak`,
    );
  findings.push(
    currentReplay.secondsAboveCapacity
      ? `current settings: each replica carries more than its capacity for ${currentReplay.secondsAboveCapacity} s (from ${currentReplay.firstAboveCapacityAt} s), up to ${r1(currentReplay.peakPerReplica)} req/s`
      : `current settings: no replica goes above its capacity (peak ${r1(currentReplay.peakPerReplica)} req/s per replica, ${currentReplay.peakReplicas} replicas)`,
  );
  if (scaleUpFastEnough)
    findings.push(
      `the behavior policies add replicas fast enough for this ramp at threshold ${threshold}: peak ${r1(recommendedReplay.peakPerReplica)} req/s per replica`,
    );
  else if (minToAbsorbRamp !== null)
    findings.push(
      `the ramp outruns the scale-up at threshold ${threshold} with minReplicaCount ${base.minReplicas}: ${baseReplay.secondsAboveCapacity} s above capacity (from ${baseReplay.firstAboveCapacityAt} s, up to ${r1(baseReplay.peakPerReplica)} req/s per replica), because the ${i.replay?.windowSeconds ?? 120} s rate window lags the load; minReplicaCount ${minToAbsorbRamp} absorbs it`,
    );
  else
    findings.push(
      `the ramp outruns the scale-up even at max replicas from the start: ${recommendedReplay.secondsAboveCapacity} s above capacity; the service needs more capacity per replica`,
    );
  return {
    capacity: i.capacity,
    targetUtilization: util,
    peakRps,
    recommended,
    current: i.current,
    currentReplay,
    recommendedReplay,
    baseReplay,
    baseMinReplicas: base.minReplicas,
    scaleUpFastEnough,
    minToAbsorbRamp,
    findings,
  };
}
