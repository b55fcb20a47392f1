/** The scaling checks: pass, fail or not judged, each with the measured and the expected figure. */
import type { ScalingPolicy } from '@loadlab/scaling';
import { judgeFigure, withRequired, type Check, type CheckSpec } from '../model/check.ts';
import type { ScalingFigures } from '../model/scaling.ts';
import type { ScalingCheckId } from '../model/slo.ts';
import { scaleDownLimitSeconds, type ScalingLimits } from './scaling-figures.ts';

export function scalingChecks(
  f: ScalingFigures,
  policy: ScalingPolicy,
  l: ScalingLimits,
  required: readonly ScalingCheckId[],
): Check[] {
  const spec = (id: ScalingCheckId, name: string, expected: string, unit: string): CheckSpec => ({
    id,
    name,
    expected,
    unit,
  });
  const slack = Math.max(1, Math.ceil((f.expectedPeak ?? 0) * l.tolerance));
  const downLimit = scaleDownLimitSeconds(policy, l);
  const checks = [
    judgeFigure(
      spec(
        'scale-up',
        'scale-up latency (metric crossing to more ready pods)',
        `<= ${l.maxScaleUpSeconds}`,
        's',
      ),
      f.scaleUpSeconds,
      (v) => v <= l.maxScaleUpSeconds,
      f.why['scale-up'],
    ),
    judgeFigure(
      spec(
        'right-size',
        'peak replicas against min(max, ceil(peak metric / threshold))',
        f.expectedPeak === null
          ? `<= ${policy.maxReplicas}`
          : `${f.expectedPeak} ± ${slack}, <= ${policy.maxReplicas}`,
        'replicas',
      ),
      f.peakReplicas,
      (v) => Math.abs(v - f.expectedPeak!) <= slack && v <= policy.maxReplicas,
      f.why['right-size'],
    ),
    judgeFigure(
      spec('scale-down', 'scale-down to min after the load', `<= ${downLimit}`, 's'),
      f.scaleDownSeconds,
      (v) => v <= downLimit,
      f.why['scale-down'],
    ),
    judgeFigure(
      spec(
        'no-flapping',
        'direction reversals of desired replicas in any 5 minutes',
        `<= ${l.maxReversalsPer5m}`,
        'reversals',
      ),
      f.maxReversalsPer5m,
      (v) => v <= l.maxReversalsPer5m,
      f.why['no-flapping'],
    ),
    judgeFigure(
      spec(
        'errors-while-scaling',
        'errors while pods are added and removed',
        `< ${l.maxErrorRate}`,
        'ratio',
      ),
      f.errorsDuringScaling,
      (v) => v < l.maxErrorRate,
      f.why['errors-while-scaling'],
    ),
    judgeFigure(
      spec(
        'load-spread',
        'per-pod load spread (coefficient of variation)',
        `<= ${l.maxSpreadCv}`,
        'cv',
      ),
      f.spreadCv,
      (v) => v <= l.maxSpreadCv,
      f.why['load-spread'],
    ),
    judgeFigure(
      spec(
        'model',
        'model against reality (mean |predicted − observed|)',
        `<= ${l.maxModelError}`,
        'replicas',
      ),
      f.modelError,
      (v) => v <= l.maxModelError,
      f.why.model,
    ),
  ];
  return withRequired(checks, required);
}
