/** A verdict: the status, every check, and what they were judged on. */
import type { ScalingPrediction } from '@loadlab/scaling';
import type { Check } from './check.ts';
import type { ClientFigures, RunSeries, ServerFigures } from './figures.ts';
import type { ScalingFigures, ScalingSeries } from './scaling.ts';
import type { Slo } from './slo.ts';

export type Status = 'pass' | 'slo-failed' | 'scaling-failed' | 'could-not-run';

/** Exit codes of every loadlab command that gives a verdict. */
export const EXIT_CODES: Record<Status, number> = {
  pass: 0,
  'slo-failed': 1,
  'scaling-failed': 1,
  'could-not-run': 2,
};

export interface TopFunction {
  readonly name: string;
  readonly location: string;
  readonly selfMs: number;
  readonly selfShare: number;
}

export interface Verdict {
  readonly status: Status;
  /** Why it could not run, with how to fix it. */
  readonly reason?: string;
  readonly run: { suite: string; testid: string; start: string; end: string; target: string };
  readonly slo: Slo;
  readonly checks: readonly Check[];
  readonly hints: readonly string[];
  readonly client?: ClientFigures;
  readonly server?: ServerFigures;
  readonly prediction?: ScalingPrediction;
  readonly series?: RunSeries;
  readonly profile?: readonly TopFunction[];
  readonly outputErrors?: readonly string[];
  /** The scaling verifier's series and figures. */
  readonly scaling?: { readonly series: ScalingSeries; readonly figures: ScalingFigures };
}
