/**
 * The service level objectives, and beside them which checks are required: a required check
 * decides the run, the others are shown but inform only. By default every check is required.
 */

/** The local run's checks (client from k6's summary, server from Prometheus). */
export const SLO_CHECK_IDS = [
  'client-p95',
  'client-p99',
  'client-errors',
  'client-checks',
  'k6-thresholds',
  'server-p95',
  'server-errors',
  'server-saw-load',
] as const;

/** The scaling verifier's checks. */
export const SCALING_CHECK_IDS = [
  'scale-up',
  'right-size',
  'scale-down',
  'no-flapping',
  'errors-while-scaling',
  'load-spread',
  'model',
] as const;

export type SloCheckId = (typeof SLO_CHECK_IDS)[number];
export type ScalingCheckId = (typeof SCALING_CHECK_IDS)[number];

export interface RequiredChecks {
  readonly run: readonly SloCheckId[];
  readonly scaling: readonly ScalingCheckId[];
}

export const DEFAULT_REQUIRED: RequiredChecks = { run: SLO_CHECK_IDS, scaling: SCALING_CHECK_IDS };

export interface Slo {
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxErrorRate: number;
  readonly minChecksRate: number;
  readonly required: RequiredChecks;
}
