/** The scaling verifier: is autoscaling working, judged from a cluster's Prometheus. */
import { PrometheusApi, PrometheusQueryError } from '@loadlab/prometheus-client';
import { SCALING_POLICY } from '@loadlab/scaling';
import { CouldNotRunError } from '../collect.ts';
import type { Verdict } from '../judge.ts';
import type { Slo } from '../slo.ts';
import { collectScaling, type ScalingTarget } from './collect-scaling.ts';
import {
  DEFAULT_LIMITS,
  scalingChecks,
  scalingFigures,
  type ScalingLimits,
} from './scaling-checks.ts';

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
    const checks = scalingChecks(figures, policy, limits);
    const hints: string[] = [];
    if (figures.crossedAt === null)
      hints.push(
        'the load never pushed the KEDA metric above threshold × replicas: run the scale-out suite',
      );
    if (figures.peakReplicas > policy.maxReplicas)
      hints.push(
        `replicas went above maxReplicaCount ${policy.maxReplicas}: is something else scaling the Deployment?`,
      );
    return {
      status: checks.every((c) => c.ok) ? 'pass' : 'scaling-failed',
      run,
      slo: i.slo,
      checks,
      hints,
      scaling: { series, figures },
    };
  } catch (err) {
    if (err instanceof CouldNotRunError || err instanceof PrometheusQueryError) {
      return {
        status: 'could-not-run',
        reason: err.message,
        run,
        slo: i.slo,
        checks: [],
        hints: [],
      };
    }
    throw err;
  }
}
