/**
 * A KEDA ScaledObject read from our rendered manifests (YAML, several documents) or from
 * `kubectl get scaledobject -o json`, with KEDA's and the HPA's defaults filled in where the
 * object leaves a field out: what the controllers will actually use.
 */
import { parseAllDocuments } from 'yaml';
import type { HpaScalingRules, ScalingPolicy } from '@loadlab/scaling';

export interface ScaledObjectView {
  readonly name: string;
  readonly namespace: string;
  readonly target: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly pollingIntervalSeconds: number;
  readonly cooldownPeriodSeconds: number;
  /** Which fields the object sets itself (the rest are defaults). */
  readonly explicit: {
    readonly cooldownPeriod: boolean;
    readonly pollingInterval: boolean;
    readonly behavior: boolean;
  };
  readonly triggerType: string;
  readonly metricType: 'AverageValue' | 'Value' | 'Utilization';
  readonly query: string | null;
  readonly threshold: number;
  readonly activationThreshold: number;
  readonly behavior: { readonly scaleUp: HpaScalingRules; readonly scaleDown: HpaScalingRules };
}

export class ScaledObjectError extends Error {}

// The HPA's defaults (autoscaling/v2) when behavior leaves a direction out.
const DEFAULT_UP: HpaScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Percent', value: 100, periodSeconds: 15 },
    { type: 'Pods', value: 4, periodSeconds: 15 },
  ],
};
const DEFAULT_DOWN: HpaScalingRules = {
  stabilizationWindowSeconds: 300,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

function rules(raw: any, fallback: HpaScalingRules): HpaScalingRules {
  if (!raw) return fallback;
  return {
    stabilizationWindowSeconds:
      raw.stabilizationWindowSeconds ?? fallback.stabilizationWindowSeconds,
    selectPolicy: raw.selectPolicy ?? 'Max',
    policies: Array.isArray(raw.policies) && raw.policies.length ? raw.policies : fallback.policies,
  };
}

const num = (v: unknown, what: string, fallback?: number): number => {
  if (v === undefined || v === null || v === '') {
    if (fallback === undefined) throw new ScaledObjectError(`${what} is missing`);
    return fallback;
  }
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0)
    throw new ScaledObjectError(`${what} must be a number ≥ 0, got ${JSON.stringify(v)}`);
  return n;
};

/** Every object in YAML documents or JSON (an object, a List, or an array). */
export function objectsIn(text: string): any[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: any;
    try {
      parsed = JSON.parse(trimmed);
    } catch (err) {
      throw new ScaledObjectError(`not valid JSON: ${(err as Error).message}`);
    }
    return Array.isArray(parsed) ? parsed : Array.isArray(parsed?.items) ? parsed.items : [parsed];
  }
  const docs = parseAllDocuments(text);
  const out: any[] = [];
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    if (d.errors.length) throw new ScaledObjectError(`not valid YAML: ${d.errors[0]!.message}`);
    const v = d.toJS();
    if (v && typeof v === 'object') out.push(...(Array.isArray(v.items) ? v.items : [v]));
  }
  return out;
}

export function readScaledObject(text: string, name?: string): ScaledObjectView {
  const all = objectsIn(text).filter((o) => o?.kind === 'ScaledObject');
  const so = name ? all.find((o) => o?.metadata?.name === name) : all[0];
  if (!so)
    throw new ScaledObjectError(
      name
        ? `no ScaledObject named ${name} (found: ${all.map((o) => o?.metadata?.name).join(', ') || 'none'})`
        : 'no ScaledObject in the input',
    );
  const spec = so.spec ?? {};
  const triggers: any[] = spec.triggers ?? [];
  if (!triggers.length)
    throw new ScaledObjectError(`ScaledObject ${so.metadata?.name} has no triggers`);
  // Ours has one Prometheus trigger; with several, the HPA takes the largest recommendation.
  const t = triggers.find((x) => x.type === 'prometheus') ?? triggers[0];
  const meta = t.metadata ?? {};
  const behavior = spec.advanced?.horizontalPodAutoscalerConfig?.behavior;
  const minReplicas = num(spec.minReplicaCount, 'spec.minReplicaCount', 0);
  const maxReplicas = num(spec.maxReplicaCount, 'spec.maxReplicaCount', 100);
  if (maxReplicas < Math.max(1, minReplicas))
    throw new ScaledObjectError(
      `spec.maxReplicaCount ${maxReplicas} is below minReplicaCount ${minReplicas}`,
    );
  return {
    name: so.metadata?.name ?? '(unnamed)',
    namespace: so.metadata?.namespace ?? 'default',
    target: spec.scaleTargetRef?.name ?? '(none)',
    minReplicas,
    maxReplicas,
    pollingIntervalSeconds: num(spec.pollingInterval, 'spec.pollingInterval', 30),
    cooldownPeriodSeconds: num(spec.cooldownPeriod, 'spec.cooldownPeriod', 300),
    explicit: {
      cooldownPeriod: spec.cooldownPeriod !== undefined,
      pollingInterval: spec.pollingInterval !== undefined,
      behavior: behavior !== undefined,
    },
    triggerType: String(t.type),
    metricType: t.metricType ?? 'AverageValue',
    query: typeof meta.query === 'string' ? meta.query : null,
    threshold: num(meta.threshold ?? meta.value, `trigger ${t.type} threshold`),
    activationThreshold: num(meta.activationThreshold, 'activationThreshold', 0),
    behavior: {
      scaleUp: rules(behavior?.scaleUp, DEFAULT_UP),
      scaleDown: rules(behavior?.scaleDown, DEFAULT_DOWN),
    },
  };
}

/** The same settings as the scaling policy type the HPA model takes. */
export function policyOf(v: ScaledObjectView): ScalingPolicy {
  return {
    target: v.target,
    query: v.query ?? '',
    threshold: v.threshold,
    activationThreshold: v.activationThreshold,
    minReplicas: Math.max(1, v.minReplicas),
    maxReplicas: v.maxReplicas,
    behavior: v.behavior,
  };
}
