/** The verdict engine: a k6 run plus Prometheus over its window in, a Verdict out. */
import {
  targetDownReason,
  type DistributedRunResult,
  type SuiteRunResult,
} from '@loadlab/k6-runner';
import { PrometheusApi } from '@loadlab/prometheus-client';
import { predictScaling, SCALING_POLICY } from '@loadlab/scaling';
import { isCouldNotRun, reachable } from '../could-not-run.ts';
import { readTopFunctions } from '../cpu-profile.ts';
import { decide } from '../model/check.ts';
import { maxOf } from '../model/figures.ts';
import type { Slo } from '../model/slo.ts';
import type { Verdict } from '../model/verdict.ts';
import { clientFromPrometheus } from './client-from-prometheus.ts';
import { clientFigures, collectServer } from './collect.ts';
import { distributedRunProblem } from './generators-check.ts';
import type { ThresholdSpecs } from './combined-thresholds.ts';
import { bottleneckHints, windowHint } from './hints.ts';
import { sloChecks } from './slo-checks.ts';

export interface EvaluateInput {
  /** One k6 (judged from its summary), or several generators (judged from Prometheus alone). */
  readonly run: SuiteRunResult | DistributedRunResult;
  /** The suite's thresholds (k6 inspect), re-evaluated on the combined data of several generators. */
  readonly thresholds?: ThresholdSpecs;
  readonly prometheusUrl: string;
  readonly slo: Slo;
  /** What was loaded, for the report (a URL). */
  readonly target: string;
  /** A .cpuprofile of the API during the run (--profile). */
  readonly cpuProfile?: string;
}

export async function evaluate(input: EvaluateInput): Promise<Verdict> {
  const { run, slo } = input;
  const base = {
    run: {
      suite: run.suite,
      testid: run.testid,
      start: run.startedAt.toISOString(),
      end: run.endedAt.toISOString(),
      target: input.target,
    },
    slo,
    outputErrors: run.outputErrors,
  };
  const couldNotRun = (reason: string, extra: Partial<Verdict> = {}): Verdict => ({
    ...base,
    status: 'could-not-run',
    reason,
    checks: [],
    hints: [],
    ...extra,
  });

  const distributed = 'generators' in run;
  if (run.status === 'could-not-run' || (!distributed && !run.summary))
    return couldNotRun(run.reason ?? 'k6 did not produce a summary');
  const summaries = distributed ? run.generators.map((g) => g.summary!) : [run.summary!];
  const downs = summaries.map(targetDownReason);
  // Not an SLO failure: the load never reached a working target (on every generator).
  if (downs.every(Boolean))
    return couldNotRun(downs[0]!, distributed ? {} : { client: clientFigures(summaries[0]!) });

  const prom = new PrometheusApi(input.prometheusUrl);
  try {
    await reachable(prom);
    const window = { start: run.startedAt, end: run.endedAt };
    const client = distributed
      ? (await clientFromPrometheus(prom, window, run.testid, input.thresholds ?? {})).client
      : clientFigures(summaries[0]!);
    const disagree = distributed ? distributedRunProblem(run, client) : undefined;
    if (disagree) return couldNotRun(disagree, { client });
    const { server, series } = await collectServer(prom, window, run.testid);
    const checks = sloChecks(slo, client, server);
    const decision = decide(checks);
    // The model runs from the start of the load (t=0) to its end, on the metric KEDA would have read.
    const metric = [
      { t: 0, value: 0 },
      ...series.scalingMetric.points.map(([t, value]) => ({ t, value })),
    ];
    const seconds = (run.endedAt.getTime() - run.startedAt.getTime()) / 1000;
    const prediction = predictScaling(metric, SCALING_POLICY, { until: seconds });
    const profile = input.cpuProfile ? await readTopFunctions(input.cpuProfile) : undefined;
    return {
      ...base,
      status: decision.status === 'failed' ? 'slo-failed' : decision.status,
      ...(decision.status === 'could-not-run' ? { reason: decision.reason } : {}),
      checks,
      hints: [
        ...bottleneckHints(client, server, series),
        ...[
          windowHint(seconds, maxOf(series.clientRate) ?? 0, maxOf(series.scalingMetric) ?? 0),
        ].filter((h): h is string => !!h),
      ],
      client,
      server,
      prediction,
      series,
      profile,
    };
  } catch (err) {
    if (!isCouldNotRun(err)) throw err;
    return couldNotRun(err.message, distributed ? {} : { client: clientFigures(summaries[0]!) });
  }
}
