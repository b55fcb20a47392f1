/** What the scaling verdict is made of: series read from a cluster's Prometheus, and figures. */
import type { Why } from './check.ts';
import type { Series } from './figures.ts';
import type { ScalingCheckId } from './slo.ts';

export interface ScalingSeries {
  readonly metric: Series;
  readonly desired: Series;
  readonly current: Series;
  readonly ready: Series;
  readonly serverErrorRatio: Series;
  readonly clientErrorRate: Series;
  /** One series per pod: requests per second. */
  readonly perPod: readonly Series[];
}

export interface ScalingFigures {
  readonly crossedAt: number | null;
  readonly scaleUpSeconds: number | null;
  readonly peakReplicas: number | null;
  readonly expectedPeak: number | null;
  readonly loadEndedAt: number | null;
  readonly scaleDownSeconds: number | null;
  readonly maxReversalsPer5m: number | null;
  readonly errorsDuringScaling: number | null;
  readonly spreadCv: number | null;
  /** Mean |predicted − observed| desired replicas, where both series have a sample. */
  readonly modelError: number | null;
  /** Share of the model's steps that had an observed sample to compare with (0-1). */
  readonly modelCoverage: number;
  readonly predicted: Series;
  /** Per check: why it could not be judged, or why it failed without a figure; and what it covers. */
  readonly why: Readonly<Partial<Record<ScalingCheckId, Why>>>;
}
