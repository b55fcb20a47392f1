/** Turns figures into checks (pass/fail, measured, expected) and one status. */
import type { ScalingPrediction } from '@loadlab/scaling';
import type { ClientFigures, RunSeries, ServerFigures } from './figures.ts';
import type { Slo } from './slo.ts';
import type { ScalingSeries } from './scaling/collect-scaling.ts';
import type { ScalingFigures } from './scaling/scaling-checks.ts';

export type Status = 'pass' | 'slo-failed' | 'scaling-failed' | 'could-not-run';

/** Exit codes of every loadlab command that gives a verdict. */
export const EXIT_CODES: Record<Status, number> = {
  pass: 0,
  'slo-failed': 1,
  'scaling-failed': 1,
  'could-not-run': 2,
};

export interface Check {
  readonly id: string;
  readonly name: string;
  readonly ok: boolean;
  readonly measured: number | null;
  readonly expected: string;
  readonly unit: string;
}

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
  readonly prediction?: Omit<ScalingPrediction, 'timeline'> & {
    timeline: ScalingPrediction['timeline'];
  };
  readonly series?: RunSeries;
  readonly profile?: readonly TopFunction[];
  readonly outputErrors?: readonly string[];
  /** The scaling verifier's series and figures (nx run load-tests:verify). */
  readonly scaling?: { readonly series: ScalingSeries; readonly figures: ScalingFigures };
}

const below = (
  id: string,
  name: string,
  measured: number | null,
  limit: number,
  unit: string,
): Check => ({
  id,
  name,
  unit,
  measured,
  expected: `< ${limit}`,
  ok: measured !== null && measured < limit,
});

export function judge(slo: Slo, client: ClientFigures, server: ServerFigures): Check[] {
  const checks: Check[] = [
    below('client-p95', 'client p95 latency', client.p95Ms, slo.p95Ms, 'ms'),
    below('client-p99', 'client p99 latency', client.p99Ms, slo.p99Ms, 'ms'),
    below('client-errors', 'client error rate', client.errorRate, slo.maxErrorRate, 'ratio'),
    {
      id: 'client-checks',
      name: 'k6 checks passed',
      unit: 'ratio',
      measured: client.checksRate,
      expected: `>= ${slo.minChecksRate}`,
      ok: client.checksRate !== null && client.checksRate >= slo.minChecksRate,
    },
    {
      id: 'k6-thresholds',
      name: 'k6 thresholds',
      unit: 'failed',
      measured: client.thresholds.filter((t) => !t.ok).length,
      expected: '0 failed',
      ok: client.thresholds.every((t) => t.ok),
    },
    below('server-p95', 'server p95 latency (histogram)', server.p95Ms, slo.p95Ms, 'ms'),
    below('server-errors', 'server 5xx ratio', server.errorRatio, slo.maxErrorRate, 'ratio'),
    {
      id: 'server-saw-load',
      name: 'server metrics saw the load',
      unit: 'requests',
      measured: server.requests,
      expected: '> 0',
      ok: server.requests > 0,
    },
  ];
  return checks;
}
