/**
 * What KEDA 2.20.2 refuses, in its own words: the CRD schema (the API server, before KEDA sees the
 * object), the admission webhook (validateWorkload), and the scalers the operator builds after
 * admission (an object they reject is stored but never scales). Also the webhook's own warnings.
 * Every finding carries the file and lines of KEDA it comes from (keda-refs.ts).
 */
import { formulaNames } from './formula.ts';
import { REF, type SourceRef } from './keda-refs.ts';
import type { ScaledObjectView, TriggerView } from './scaled-object.ts';

export type RejectedBy = 'CRD schema' | 'admission webhook' | 'scaler';

export interface Rejection {
  readonly by: RejectedBy;
  /** KEDA's (or the API server's) message. */
  readonly reason: string;
  readonly ref: SourceRef;
}

export interface Admission {
  readonly rejections: readonly Rejection[];
  /** Warnings the webhook returns with an accepted object (kubectl prints them). */
  readonly kedaWarnings: readonly { readonly text: string; readonly ref: SourceRef }[];
}

const isResource = (t: TriggerView) => t.type === 'cpu' || t.type === 'memory';
const reject = (by: RejectedBy, reason: string, ref: SourceRef): Rejection => ({ by, reason, ref });

function crdSchema(v: ScaledObjectView): Rejection[] {
  const spec = v.raw?.spec ?? {};
  const out: Rejection[] = [];
  const atLeast = (field: string, min: number) => {
    const n = spec[field];
    if (n !== undefined && n !== null && Number(n) < min)
      out.push(
        reject(
          'CRD schema',
          `spec.${field}: Invalid value: ${n}: spec.${field} in body should be greater than or equal to ${min}`,
          REF.crdMinimums,
        ),
      );
  };
  atLeast('pollingInterval', 1);
  atLeast('initialCooldownPeriod', 0);
  atLeast('cooldownPeriod', 0);
  atLeast('idleReplicaCount', 0);
  atLeast('minReplicaCount', 0);
  atLeast('maxReplicaCount', 1);
  if (!spec.scaleTargetRef?.name)
    out.push(reject('CRD schema', 'spec.scaleTargetRef.name: Required value', REF.crdMinimums));
  if (!v.triggers.length)
    out.push(reject('CRD schema', 'spec.triggers: should have at least 1 items', REF.crdMinimums));
  v.triggers.forEach((t) => out.push(...triggerSchema(v.raw?.spec?.triggers?.[t.index], t.index)));
  v.triggers.forEach((t) => {
    if (!t.type)
      out.push(
        reject('CRD schema', `spec.triggers[${t.index}].type: Required value`, REF.crdMinimums),
      );
  });
  if (v.explicit.minReplicaCount && v.minReplicas > v.maxReplicas)
    out.push(
      reject(
        'CRD schema',
        'minReplicaCount must be less than or equal to maxReplicaCount',
        REF.crdMinLeMax,
      ),
    );
  const behaviors = [
    'static',
    'currentReplicas',
    'currentReplicasIfHigher',
    'currentReplicasIfLower',
    'scalingModifiers',
  ];
  if (v.fallback && !behaviors.includes(v.fallback.behavior))
    out.push(
      reject(
        'CRD schema',
        `spec.fallback.behavior: Unsupported value: "${v.fallback.behavior}": supported values: ${behaviors.map((b) => `"${b}"`).join(', ')}`,
        REF.crdFallbackEnum,
      ),
    );
  if (
    spec.fallback &&
    (spec.fallback.failureThreshold === undefined || spec.fallback.replicas === undefined)
  )
    out.push(
      reject(
        'CRD schema',
        `spec.fallback.${spec.fallback.failureThreshold === undefined ? 'failureThreshold' : 'replicas'}: Required value`,
        REF.crdFallbackRequired,
      ),
    );
  const smType = v.scalingModifiers?.metricType;
  if (smType && smType !== 'AverageValue' && smType !== 'Value')
    out.push(
      reject(
        'CRD schema',
        `spec.advanced.scalingModifiers.metricType: Unsupported value: "${smType}": supported values: "AverageValue", "Value"`,
        REF.crdModifiersMetricType,
      ),
    );
  return out;
}

/** metadata is required and a map of strings; useCachedMetrics a boolean (the CRD's schema). */
function triggerSchema(raw: any, i: number): Rejection[] {
  const at = `spec.triggers[${i}]`;
  const typeOf = (x: unknown) =>
    Number.isInteger(x)
      ? 'integer'
      : typeof x === 'number'
        ? 'number'
        : Array.isArray(x)
          ? 'array'
          : x === null
            ? 'null'
            : typeof x;
  const invalid = (field: string, x: unknown, want: string) =>
    reject(
      'CRD schema',
      `${at}.${field}: Invalid value: "${typeOf(x)}": ${at}.${field} in body must be of type ${want}: "${typeOf(x)}"`,
      REF.crdTriggerSchema,
    );
  if (raw?.metadata === undefined || raw?.metadata === null)
    return [reject('CRD schema', `${at}.metadata: Required value`, REF.crdTriggerSchema)];
  const out = Object.entries(raw.metadata)
    .filter(([, x]) => typeof x !== 'string')
    .map(([k, x]) => invalid(`metadata.${k}`, x, 'string'));
  if (raw.useCachedMetrics !== undefined && typeof raw.useCachedMetrics !== 'boolean')
    out.push(invalid('useCachedMetrics', raw.useCachedMetrics, 'boolean'));
  return out;
}

/** CheckReplicaCountBoundsAreValid, with its reading of minReplicaCount 0 as the HPA's 1. */
function replicaBounds(v: ScaledObjectView): Rejection[] {
  const min = v.explicit.minReplicaCount ? Math.max(1, v.minReplicas) : 0;
  if (min > v.maxReplicas)
    return [
      reject(
        'admission webhook',
        `MinReplicaCount=${min} must be less than MaxReplicaCount=${v.maxReplicas}`,
        REF.replicaBounds,
      ),
    ];
  if (v.idleReplicaCount !== null && v.idleReplicaCount >= min)
    return [
      reject(
        'admission webhook',
        `IdleReplicaCount=${v.idleReplicaCount} must be less than MinReplicaCount=${min}`,
        REF.replicaBounds,
      ),
    ];
  return [];
}

function fallbackRules(v: ScaledObjectView): Rejection[] {
  const f = v.fallback;
  if (!f) return [];
  if (f.failureThreshold < 0 || f.replicas < 0)
    return [
      reject(
        'admission webhook',
        `FailureThreshold=${f.failureThreshold} & Replicas=${f.replicas} must both be greater than or equal to 0`,
        REF.fallbackValid,
      ),
    ];
  if (!v.scalingModifiers && v.triggers.every(isResource))
    return [
      reject(
        'admission webhook',
        'at least one trigger (that is not cpu or memory) has to have the `AverageValue` type for the fallback to be enabled',
        REF.fallbackValid,
      ),
    ];
  if (f.behavior === 'scalingModifiers' && !v.scalingModifiers?.formula)
    return [
      reject(
        'admission webhook',
        'scalingModifiers fallback behavior requires scalingModifiers.formula to be defined',
        REF.modifiersFallback,
      ),
    ];
  return [];
}

function nameRules(v: ScaledObjectView): Rejection[] {
  if (v.name.length > 63)
    return [
      reject(
        'admission webhook',
        `scaledobject name "${v.name}" is ${v.name.length} characters long; must be no more than 63 characters because it is used as the "scaledobject.keda.sh/name" label value`,
        REF.nameLength,
      ),
    ];
  if (v.hpaName.length > 63)
    return [
      reject(
        'admission webhook',
        `HPA name "${v.hpaName}" derived from scaledobject is ${v.hpaName.length} characters long; must be no more than 63 characters; set spec.advanced.horizontalPodAutoscalerConfig.name to a shorter name or shorten the scaledobject name`,
        REF.nameLength,
      ),
    ];
  return [];
}

function triggerRules(v: ScaledObjectView): Rejection[] {
  if (!v.triggers.length)
    return [
      reject(
        'admission webhook',
        'no triggers defined in the ScaledObject/ScaledJob',
        REF.triggersValid,
      ),
    ];
  const seen = new Set<string>();
  for (const t of v.triggers) {
    if (t.useCachedMetrics && ['cpu', 'memory', 'cron'].includes(t.type))
      return [
        reject(
          'admission webhook',
          `property "useCachedMetrics" is not supported for "${t.type}" scaler`,
          REF.triggersValid,
        ),
      ];
    if (t.name && seen.has(t.name))
      return [
        reject(
          'admission webhook',
          `triggerName "${t.name}" is defined multiple times in the ScaledObject/ScaledJob, but it must be unique`,
          REF.triggersValid,
        ),
      ];
    if (t.name) seen.add(t.name);
  }
  return [];
}

function modifierRules(v: ScaledObjectView): Rejection[] {
  const sm = v.scalingModifiers;
  if (!sm) return [];
  const r = (reason: string, ref: SourceRef) => [reject('admission webhook', reason, ref)];
  if (!sm.formula) return r('error ScalingModifiers.Formula is mandatory', REF.modifiersFormula);
  if (!sm.target)
    return r(
      'error validating formula in ScalingModifiers\nformula is given but target is empty',
      REF.modifiersFormula,
    );
  // Only named triggers that are not cpu/memory are variables of the formula.
  const known = new Set(v.triggers.filter((t) => !isResource(t) && t.name).map((t) => t.name!));
  const unknown = formulaNames(sm.formula).find((n) => !known.has(n));
  if (unknown)
    return r(
      `error validating formula in ScalingModifiers\nunknown name ${unknown}`,
      REF.modifiersFormula,
    );
  const target = Number(sm.target);
  if (!(target > 0))
    return r(
      `error validating target in ScalingModifiers\nerror converting target for scalingModifiers (string->float) to valid target`,
      REF.modifiersTarget,
    );
  return [];
}

/**
 * Among the ScaledObjects of the same input: one workload or one HPA per ScaledObject. kubectl
 * applies the documents in order, so only those before this one already exist.
 */
function otherScaledObjectRules(
  v: ScaledObjectView,
  all: readonly ScaledObjectView[],
): Rejection[] {
  const at = all.findIndex((o) => o.name === v.name && o.namespace === v.namespace);
  const others = at < 0 ? all : all.slice(0, at);
  for (const o of others) {
    if (o === v || o.name === v.name || o.namespace !== v.namespace) continue;
    if (o.targetKind === v.targetKind && o.target === v.target)
      return [
        reject(
          'admission webhook',
          `the workload '${v.target}' of type '${v.targetKind === 'Deployment' ? 'apps/v1.Deployment' : v.targetKind}' is already managed by the ScaledObject '${o.name}'`,
          REF.otherScaledObject,
        ),
      ];
    if (o.hpaName === v.hpaName)
      return [
        reject(
          'admission webhook',
          `the HPA '${o.hpaName}' is already managed by the ScaledObject '${o.name}'`,
          REF.otherScaledObject,
        ),
      ];
  }
  return [];
}

const resourceSet = (res: any, type: string) =>
  [res?.requests?.[type], res?.limits?.[type]].some(
    (q) => q !== undefined && q !== null && !/^0+(\.0*)?[a-zA-Z]*$/.test(String(q)),
  );

/** verifyCPUMemoryScalers: requests on the workload (when the input holds it), and min 0. */
function cpuMemoryRules(v: ScaledObjectView): Rejection[] {
  const resourceTriggers = v.triggers.filter(isResource);
  if (!resourceTriggers.length) return [];
  const containers: any[] = v.workload?.spec?.template?.spec?.containers ?? [];
  for (const t of resourceTriggers) {
    const only = typeof t.metadata.containerName === 'string' ? t.metadata.containerName : '';
    for (const c of containers) {
      if (only && c.name !== only) continue;
      if (!resourceSet(c.resources, t.type))
        return [
          reject(
            'admission webhook',
            `the scaledobject has a ${t.type} trigger but the container ${c.name} doesn't have the ${t.type} request defined`,
            REF.cpuMemoryRequests,
          ),
        ];
    }
  }
  if (v.triggers.every(isResource) && v.minReplicas === 0)
    return [
      reject(
        'admission webhook',
        "scaledobject has only cpu/memory triggers AND minReplica is 0 (scale to zero doesn't work in this case)",
        REF.cpuMemoryScaleToZero,
      ),
    ];
  return [];
}

/** The operator builds each trigger's scaler; these fail there, after admission. */
function scalerRules(v: ScaledObjectView): Rejection[] {
  const out: Rejection[] = [];
  for (const t of v.triggers) {
    if (isResource(t)) {
      if (t.metricType !== 'Utilization' && t.metricType !== 'AverageValue')
        out.push(
          reject(
            'scaler',
            `error parsing ${t.type} metadata: unknown metric type: ${t.metricType ?? ''}, allowed values are 'Utilization' or 'AverageValue'`,
            REF.cpuMemoryMetricType,
          ),
        );
      continue;
    }
    if (t.metricType === 'Utilization')
      out.push(
        reject(
          'scaler',
          `error getting scaler metric type: 'Utilization' metric type is unsupported for external metrics, allowed values are 'Value' or 'AverageValue'`,
          REF.externalUtilization,
        ),
      );
    if (t.type === 'prometheus')
      for (const p of ['serverAddress', 'query', 'threshold'])
        if (t.metadata[p] === undefined || t.metadata[p] === '')
          out.push(
            reject(
              'scaler',
              `error parsing prometheus metadata: missing required parameter "${p}" in [triggerMetadata]`,
              REF.requiredParameter,
            ),
          );
  }
  return out;
}

/** The webhook's warnings for an accepted object (verifyScaledObjects). */
function webhookWarnings(v: ScaledObjectView): Admission['kedaWarnings'] {
  const out: { text: string; ref: SourceRef }[] = [];
  const min = v.explicit.minReplicaCount ? v.minReplicas : 0;
  const idleNotZero = v.idleReplicaCount !== 0;
  if (
    v.explicit.pollingInterval &&
    min > 0 &&
    idleNotZero &&
    !v.triggers.some((t) => t.useCachedMetrics)
  )
    out.push({
      text: 'PollingInterval is configured but is not relevant. PollingInterval is only relevant when minReplicaCount = 0 or idleReplicaCount = 0 or useCachedMetrics is enabled',
      ref: REF.webhookWarnings,
    });
  if (v.explicit.cooldownPeriod && min > 0 && idleNotZero)
    out.push({
      text: 'CooldownPeriod is configured but is not relevant. CooldownPeriod is only relevant when minReplicaCount = 0 or idleReplicaCount = 0',
      ref: REF.webhookWarnings,
    });
  return out;
}

/**
 * What KEDA 2.20.2 does with the object on `kubectl apply`. The webhook runs its checks in a Go
 * map's order, so when several fail KEDA names one of them; all are listed here.
 */
export function admit(v: ScaledObjectView, others: readonly ScaledObjectView[] = []): Admission {
  const schema = crdSchema(v);
  // The API server refuses a schema violation before the webhook is called.
  if (schema.length) return { rejections: schema, kedaWarnings: [] };
  const webhook = [
    ...otherScaledObjectRules(v, others),
    ...cpuMemoryRules(v),
    ...replicaBounds(v),
    ...fallbackRules(v),
    ...nameRules(v),
    ...triggerRules(v),
    ...modifierRules(v),
  ];
  if (webhook.length) return { rejections: webhook, kedaWarnings: [] };
  return { rejections: scalerRules(v), kedaWarnings: webhookWarnings(v) };
}
