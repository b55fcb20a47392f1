/**
 * KEDA's own loop around the HPA, as scale_scaledobjects.go runs it: activation, idle and zero,
 * cooldown, and fallback when a trigger cannot be read.
 */
import { triggerLabel } from './explain-metrics.ts';
import { REF, say, type Statement } from './keda-refs.ts';
import type { ScaledObjectView, TriggerView } from './scaled-object.ts';

const isResource = (t: TriggerView) => t.type === 'cpu' || t.type === 'memory';

function activityRule(v: ScaledObjectView): Statement {
  if (v.scalingModifiers?.formula)
    return say(
      `KEDA polls every ${v.pollingIntervalSeconds} s; the object is active while the formula is above activationTarget ${v.scalingModifiers.activationTarget || '0'}.`,
      REF.pollingLoop,
      REF.modifiersActivation,
    );
  const external = v.triggers.filter((t) => !isResource(t));
  return say(
    `KEDA polls every ${v.pollingIntervalSeconds} s${v.explicit.pollingInterval ? '' : ' (the default)'}; the object is active while any trigger is: ${external.map((t) => `${triggerLabel(t)} above activationThreshold ${t.activationThreshold}`).join('; ')}${v.triggers.some(isResource) ? '; cpu/memory triggers count as active only when every trigger is cpu/memory' : ''}.`,
    REF.pollingLoop,
    REF.anyTriggerActive,
    REF.prometheusActive,
  );
}

const cooldownText = (v: ScaledObjectView) =>
  `cooldownPeriod ${v.cooldownPeriodSeconds} s${v.explicit.cooldownPeriod ? '' : ' (the default)'}`;

/** Only cpu/memory triggers: KEDA forces the object active, so it never deactivates. */
function alwaysActive(v: ScaledObjectView, warnings: Statement[]): Statement[] {
  if (v.idleReplicaCount !== null)
    warnings.push(
      say(
        `idleReplicaCount ${v.idleReplicaCount} has no effect: with only cpu/memory triggers KEDA counts the object as always active, so it never scales to idle`,
        REF.cpuMemoryAlwaysActive,
        REF.executorDeactivate,
      ),
    );
  return [
    say(
      `Every trigger is cpu or memory: KEDA counts the object as always active, so it never scales below minReplicaCount ${v.minReplicas}; activation, ${cooldownText(v)} and idleReplicaCount play no part. The HPA alone moves between ${Math.max(1, v.minReplicas)} and ${v.maxReplicas}.`,
      REF.cpuMemoryAlwaysActive,
      REF.executorActivate,
    ),
  ];
}

/** idleReplicaCount set: idle while inactive, minReplicaCount once active. */
function idleMode(v: ScaledObjectView): Statement[] {
  const idle = v.idleReplicaCount!;
  return [
    activityRule(v),
    say(
      `idleReplicaCount ${idle}: once the object has been inactive for ${cooldownText(v)}, KEDA sets the replicas to ${idle}${idle === 0 ? ' (the HPA stands still at 0)' : ''}.`,
      REF.executorDeactivate,
      REF.executorCooldown,
      REF.executorIdleOrMin,
      ...(idle === 0 ? [REF.hpaDisabledAtZero] : []),
    ),
    say(
      `When it turns active again KEDA sets minReplicaCount ${Math.max(1, v.minReplicas)} at once, and the HPA takes over from there; the next request can wait up to ${v.pollingIntervalSeconds} s for that poll, then for a pod to start.`,
      REF.executorActivate,
    ),
  ];
}

/** minReplicaCount 0 (or left out), no idle: KEDA scales 0 <-> 1, the HPA 1 <-> N. */
function zeroMode(v: ScaledObjectView, warnings: Statement[]): Statement[] {
  const T = v.modelled?.threshold;
  if (
    !v.scalingModifiers &&
    v.modelled &&
    T !== undefined &&
    T !== null &&
    v.modelled.activationThreshold >= T
  )
    warnings.push(
      say(
        `activationThreshold ${v.modelled.activationThreshold} ≥ threshold ${T}: the workload wakes only when it already needs more than one replica`,
        REF.prometheusActive,
        REF.executorActivate,
      ),
    );
  return [
    activityRule(v),
    say(
      `minReplicaCount ${v.explicit.minReplicaCount ? '0' : '0 (left out: KEDA reads it as 0)'}: once the object has been inactive for ${cooldownText(v)}, KEDA scales to 0; the next request then waits for a poll (up to ${v.pollingIntervalSeconds} s), KEDA's scale to 1, and a pod to start.`,
      REF.executorMin,
      REF.executorDeactivate,
      REF.executorCooldown,
      REF.executorActivate,
    ),
    say(
      `Between 1 and ${v.maxReplicas} the HPA decides (its minReplicas is 1 here).`,
      REF.hpaMinReplicas,
      REF.hpaFromScaledObject,
    ),
  ];
}

/** minReplicaCount ≥ 1 without idle: KEDA only keeps the count at min. */
function floorMode(v: ScaledObjectView, warnings: Statement[]): Statement[] {
  if (v.explicit.cooldownPeriod)
    warnings.push(
      say(
        `${cooldownText(v)} has no effect with minReplicaCount ${v.minReplicas} and no idleReplicaCount: KEDA uses it only to scale to idle or 0; tune advanced.horizontalPodAutoscalerConfig.behavior.scaleDown instead (KEDA's webhook warns the same)`,
        REF.executorDeactivate,
        REF.webhookWarnings,
      ),
    );
  const activation = v.scalingModifiers
    ? 'activationTarget'
    : `activationThreshold${v.modelled ? ` ${v.modelled.activationThreshold}` : ''}`;
  return [
    say(
      `minReplicaCount ${v.minReplicas} and no idleReplicaCount: KEDA never scales below ${v.minReplicas} (it only restores ${v.minReplicas} if something set fewer), so ${activation} does not change the replica count.`,
      REF.executorRestoreMin,
      REF.executorDeactivate,
    ),
    say(
      `${cooldownText(v)} has no effect either: KEDA waits it out only before scaling to idle or 0. Scale-down from N to ${v.minReplicas} follows the HPA behavior above.`,
      REF.executorDeactivate,
      REF.executorCooldown,
    ),
  ];
}

export function lifecycleStatements(v: ScaledObjectView, warnings: Statement[]): Statement[] {
  if (v.triggers.every(isResource)) return alwaysActive(v, warnings);
  if (v.idleReplicaCount !== null) return idleMode(v);
  if (v.minReplicas === 0) return zeroMode(v, warnings);
  return floorMode(v, warnings);
}

const FALLBACK_REPLICAS: Record<string, string> = {
  static: 'fallback.replicas',
  currentReplicas: 'the current replica count',
  currentReplicasIfHigher:
    'the current replica count if higher than fallback.replicas, else fallback.replicas',
  currentReplicasIfLower:
    'the current replica count if lower than fallback.replicas, else fallback.replicas',
};

/** fallback: what the HPA is told when a trigger cannot be read. */
export function fallbackStatements(v: ScaledObjectView, warnings: Statement[]): Statement[] {
  const f = v.fallback;
  if (!f) {
    if (v.triggers.some((t) => !isResource(t)))
      return [
        say(
          'No fallback: while a trigger cannot be read KEDA passes the error on and the HPA has no figure for that metric: it scales up on the others but never down (and not at all if none can be read).',
          REF.fallbackNone,
          REF.hpaInvalidMetric,
        ),
      ];
    return [];
  }
  if (f.behavior === 'scalingModifiers')
    return [
      say(
        `fallback (behavior scalingModifiers): after more than ${f.failureThreshold} failed reads a trigger's value becomes nil in the formula, where "??" can replace it; if the formula gives nil, the composite metric is worth ${f.replicas} × target.`,
        REF.fallbackThreshold,
        REF.modifiersFormulaRun,
      ),
    ];
  if (v.scalingModifiers?.formula)
    return [
      say(
        `fallback: after more than ${f.failureThreshold} consecutive failed reads of a trigger, KEDA replaces the composite metric by one worth ${FALLBACK_REPLICAS[f.behavior] ?? 'fallback.replicas'} (${f.replicas}) × scalingModifiers.target, so it asks for that many replicas.`,
        REF.fallbackThreshold,
        REF.fallbackValue,
        REF.modifiersFallbackMetric,
      ),
    ];
  const out = [
    say(
      `fallback: after more than ${f.failureThreshold} consecutive failed reads of a trigger, KEDA gives the HPA, for that trigger's metric, a value worth ${FALLBACK_REPLICAS[f.behavior] ?? 'fallback.replicas'} (${f.replicas}) × its target, so that metric asks for that many replicas; cpu/memory metrics get no fallback.`,
      REF.fallbackThreshold,
      REF.fallbackBehavior,
      REF.fallbackValue,
    ),
    say(
      'The HPA still takes the largest over all metrics, so a healthy trigger asking for more wins, and the result stays within min and max.',
      REF.hpaLargestOfMetrics,
    ),
  ];
  if (f.replicas > v.maxReplicas)
    warnings.push(
      say(
        `fallback.replicas ${f.replicas} is above maxReplicaCount ${v.maxReplicas}: the HPA caps it at ${v.maxReplicas}`,
        REF.hpaFromScaledObject,
      ),
    );
  if (
    f.replicas === 0 &&
    f.behavior === 'static' &&
    (v.minReplicas === 0 || v.idleReplicaCount !== null)
  )
    warnings.push(
      say(
        'fallback.replicas 0: when every trigger fails, KEDA scales the workload to zero or idle after the cooldown instead of holding it (its executor holds only for a non-zero fallback.replicas, or no fallback at all)',
        REF.fallbackKeepsReplicas,
        REF.executorDeactivate,
      ),
    );
  return out;
}
