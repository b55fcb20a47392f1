/**
 * What the HPA compares, trigger by trigger: KEDA gives the HPA one metric per trigger (or one
 * composite metric when scalingModifiers has a formula), and the HPA takes the largest desired
 * replica count over all of them.
 */
import { evaluateFormula } from './formula.ts';
import { REF, say, type Statement } from './keda-refs.ts';
import type { ScaledObjectView, TriggerView } from './scaled-object.ts';

const isResource = (t: TriggerView) => t.type === 'cpu' || t.type === 'memory';

export const triggerLabel = (t: TriggerView) =>
  `triggers[${t.index}] ${t.type}${t.name ? ` "${t.name}"` : ''}`;

function resourceTrigger(t: TriggerView): Statement[] {
  const what = `${triggerLabel(t)}: a Resource metric the HPA reads from the metrics server, not from KEDA`;
  if (t.metricType === 'Utilization')
    return [
      say(
        `${what}: average ${t.type} use of the ready pods as a % of their requests, target ${t.value}%: replicas = ceil(ready × use / ${t.value}%).`,
        REF.cpuMemoryResourceMetric,
        REF.hpaResourceUtilization,
      ),
    ];
  return [
    say(
      `${what}: average ${t.type} use per pod against ${t.value} (AverageValue): replicas = ceil(total use / ${t.value}).`,
      REF.cpuMemoryResourceMetric,
      REF.hpaExternalAverageValue,
    ),
  ];
}

function externalTrigger(t: TriggerView, warnings: Statement[]): Statement[] {
  const T = t.threshold;
  const q = t.query ?? '';
  const given = t.metricType
    ? `metricType ${t.metricType}`
    : 'metricType AverageValue (the default)';
  const out: Statement[] = [];
  if (t.metricType === 'Value') {
    out.push(
      say(
        `${triggerLabel(t)}: ${given}: the HPA compares the value itself with ${T}: replicas = ceil(current × value / ${T}).`,
        REF.externalMetricType,
        REF.hpaExternalValue,
      ),
    );
    if (/\bsum\s*(\(|by|without)/.test(q))
      warnings.push(
        say(
          `${triggerLabel(t)}: metricType Value with a summed query: the total keeps rising with load however many replicas serve it, so the HPA adds replicas until max; use AverageValue`,
          REF.hpaExternalValue,
        ),
      );
  } else {
    out.push(
      say(
        `${triggerLabel(t)}: ${given}: KEDA gives the HPA the value; the HPA divides it by the current replica count and compares with ${T}, so it wants ceil(value / ${T}) replicas whatever runs now. The query must return the total over all pods (a sum), not a per-pod average.`,
        REF.externalMetricType,
        REF.hpaExternalAverageValue,
      ),
    );
    if (/\bavg\s*(\(|by|without)/.test(q))
      warnings.push(
        say(
          `${triggerLabel(t)}: the query averages (avg) but AverageValue divides by replicas again: it scales on value / replicas², far too little`,
          REF.hpaExternalAverageValue,
        ),
      );
  }
  if (q) out.push(say(`  query: ${q}`));
  return out;
}

/** KEDA's webhook reads the workload's requests; say so when the input does not hold it. */
function requestsUnchecked(v: ScaledObjectView, t: TriggerView): Statement[] {
  if (v.workload) return [];
  return [
    say(
      `  KEDA's webhook also refuses this trigger unless every container of ${v.targetKind} ${v.target} (or containerName) has a ${t.type} request or limit, or a LimitRange gives one; the input does not hold the ${v.targetKind}, so explain could not check it.`,
      REF.cpuMemoryRequests,
      REF.workloadResourceSet,
    ),
  ];
}

/** Under scalingModifiers an external trigger is only a variable of the formula. */
function formulaInput(t: TriggerView): Statement[] {
  return [
    say(
      `${triggerLabel(t)}: read by KEDA as ${t.name ? `the formula's variable "${t.name}"` : 'an unnamed trigger the formula cannot use'}; its threshold ${t.threshold ?? '(none)'} is not a target the HPA sees (the composite metric below replaces it).`,
      REF.hpaCompositeMetric,
      REF.modifiersFormulaRun,
    ),
    ...(t.query ? [say(`  query: ${t.query}`)] : []),
  ];
}

/** One statement (or two) per trigger, then the rule that combines them. */
export function triggerStatements(v: ScaledObjectView, warnings: Statement[]): Statement[] {
  const out: Statement[] = [];
  for (const t of v.triggers)
    out.push(
      ...(isResource(t)
        ? [...resourceTrigger(t), ...requestsUnchecked(v, t)]
        : v.scalingModifiers?.formula
          ? formulaInput(t)
          : externalTrigger(t, warnings)),
    );
  if (v.triggers.length > 1)
    out.push(
      say(
        `${v.triggers.length} triggers: KEDA gives the HPA one metric per trigger; the HPA computes a desired count for each and takes the largest, so any one trigger can scale out, and replicas come down only when every trigger allows it.`,
        REF.hpaOneMetricPerTrigger,
        REF.hpaLargestOfMetrics,
      ),
      say(
        'If one trigger cannot be read, the HPA still scales up on the others but does not scale down until it can.',
        REF.hpaInvalidMetric,
      ),
    );
  out.push(
    say(
      'Within ±10% of a target (the HPA tolerance) nothing changes: a metric scales up only once it is over 1.1 × target per replica.',
      REF.hpaTolerance,
    ),
  );
  return out;
}

/** The formula's value when each named trigger reads its own threshold. */
function formulaAtThresholds(v: ScaledObjectView): { at: string; value: number } | null {
  const named = v.triggers.filter((t) => t.name && !isResource(t) && t.threshold !== null);
  const values = Object.fromEntries(named.map((t) => [t.name!, t.threshold!]));
  const value = evaluateFormula(v.scalingModifiers!.formula, values);
  if (value === null || !named.length) return null;
  return { at: named.map((t) => `${t.name} = ${t.threshold}`).join(', '), value };
}

/**
 * scalingModifiers: one composite metric replaces every external trigger's metric; the HPA
 * divides the formula's value by the replicas and compares it with scalingModifiers.target.
 */
export function modifierStatements(v: ScaledObjectView, warnings: Statement[]): Statement[] {
  const sm = v.scalingModifiers;
  if (!sm?.formula) return [];
  const target = Number(sm.target);
  const type = sm.metricType || 'AverageValue';
  const out = [
    say(
      `scalingModifiers: KEDA replaces the external triggers' metrics with one composite metric, the value of "${sm.formula}", with ${type === 'Value' ? 'Value' : 'AverageValue (the default)'} target ${sm.target}; cpu/memory triggers stay separate metrics. The triggers' own thresholds no longer set the replica count: the HPA wants ceil(formula / ${target}) replicas.`,
      REF.hpaCompositeMetric,
      REF.modifiersFormulaRun,
    ),
    say(
      `Activation follows the formula too: the object is active while the formula's value is above activationTarget ${sm.activationTarget || '0 (the default)'}; the triggers' activationThresholds are not used.`,
      REF.modifiersActivation,
    ),
  ];
  const probe = formulaAtThresholds(v);
  if (probe) {
    const replicas = Math.ceil(probe.value / target);
    out.push(
      say(
        `With ${probe.at} (each trigger at its own threshold: 1 replica's worth without the formula) the formula gives ${probe.value}, so the HPA wants ${replicas} replica${replicas === 1 ? '' : 's'}${replicas > v.maxReplicas ? ` (capped at max ${v.maxReplicas})` : ''}.`,
        REF.hpaCompositeMetric,
        REF.hpaExternalAverageValue,
      ),
    );
    warnings.push(...unitWarning(v, probe.value / target));
  } else
    out.push(
      say(
        'The formula is not plain arithmetic on named triggers, so explain does not evaluate it.',
      ),
    );
  return out;
}

/** The formula's target in another unit than the triggers' thresholds: replicas off by a factor. */
function unitWarning(v: ScaledObjectView, ratioAtThresholds: number): Statement[] {
  const m = v.modelled;
  const per = rpsPerTarget(v);
  if (m?.threshold && per !== null) {
    const factor = per / m.threshold;
    if (factor >= 0.5 && factor <= 2) return [];
    return [
      say(
        `scalingModifiers: the HPA adds one replica per ${+per.toFixed(2)} of ${triggerLabel(m)}, where its threshold says ${m.threshold} (${+factor.toFixed(3)}×); state scalingModifiers.target in the formula's unit`,
        REF.hpaCompositeMetric,
        REF.hpaExternalAverageValue,
      ),
    ];
  }
  if (ratioAtThresholds >= 0.5 && ratioAtThresholds <= 2) return [];
  return [
    say(
      `scalingModifiers: with every trigger at its threshold the formula is worth ${+ratioAtThresholds.toFixed(3)}× scalingModifiers.target ${v.scalingModifiers!.target}; state the target in the formula's unit`,
      REF.hpaCompositeMetric,
    ),
  ];
}

/** req/s of the modelled trigger that makes the HPA's metric worth one target (null: not linear). */
export function rpsPerTarget(v: ScaledObjectView): number | null {
  const m = v.modelled;
  if (!m) return null;
  const sm = v.scalingModifiers;
  if (!sm?.formula) return m.metricType === 'Value' ? null : m.threshold;
  if (!m.name) return null;
  const others = Object.fromEntries(
    v.triggers.filter((t) => t.name && t !== m).map((t) => [t.name!, 0]),
  );
  const f = (x: number) => evaluateFormula(sm.formula, { ...others, [m.name!]: x });
  const [z, a, b] = [f(0), f(1000), f(2000)];
  const target = Number(sm.target);
  if (z !== 0 || a === null || b === null || a <= 0 || Math.abs(b - 2 * a) > 1e-9 * b) return null;
  if ((sm.metricType || 'AverageValue') !== 'AverageValue' || !(target > 0)) return null;
  return (target * 1000) / a;
}
