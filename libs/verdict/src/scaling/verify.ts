/** The scaling verifier: is autoscaling working, judged from a cluster's Prometheus. */
import { PrometheusApi } from '@loadlab/local-stack';
import { SCALING_POLICY } from '@loadlab/scaling';
import { isCouldNotRun } from '../could-not-run.ts';
import { decide } from '../model/check.ts';
import type { Slo } from '../model/slo.ts';
import type { Verdict } from '../model/verdict.ts';
import { collectScaling, type ScalingTarget } from './collect-scaling.ts';
import { scalingChecks } from './scaling-checks.ts';
import { DEFAULT_LIMITS, scalingFigures, type ScalingLimits } from './scaling-figures.ts';

export interface VerifyInput extends ScalingTarget {
  readonly prometheusUrl: string;
  readonly start: Date;
  readonly end: Date;
  readonly slo: Slo;
  readonly limits?: Partial<ScalingLimits>;
}

export async function verifyScaling(i: VerifyInput): Promise<Verdict> {
  const policy = i.policy ?? SCALING_POLICY;
  const limits: ScalingLimits = {
    ...DEFAULT_LIMITS,
    maxErrorRate: i.slo.maxErrorRate,
    ...i.limits,
  };
  const run = {
    suite: 'scaling',
    testid: i.testid ?? '(any)',
    start: i.start.toISOString(),
    end: i.end.toISOString(),
    target: `${i.namespace}/${i.deployment} (ScaledObject ${i.scaledObject})`,
  };
  try {
    const series = await collectScaling(new PrometheusApi(i.prometheusUrl), i, i.start, i.end);
    const figures = scalingFigures(series, policy, limits);
    const checks = scalingChecks(figures, policy, limits, i.slo.required.scaling);
    const hints: string[] = [];
    if (figures.crossedAt === null)
      hints.push(
        'the load never pushed the KEDA metric above threshold × replicas: run the scale-out suite',
      );
    if (figures.peakReplicas !== null && figures.peakReplicas > policy.maxReplicas)
      hints.push(
        `replicas went above maxReplicaCount ${policy.maxReplicas}: is something else scaling the Deployment?`,
      );
    const d = decide(checks);
    return {
      status: d.status === 'failed' ? 'scaling-failed' : d.status,
      ...(d.status === 'could-not-run' ? { reason: d.reason } : {}),
      run,
      slo: i.slo,
      checks,
      hints,
      scaling: { series, figures },
    };
  } catch (err) {
    if (!isCouldNotRun(err)) throw err;
    return { status: 'could-not-run', reason: err.message, run, slo: i.slo, checks: [], hints: [] };
  }
}
