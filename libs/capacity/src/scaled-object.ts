/**
 * KEDA ScaledObjects read from rendered manifests (YAML, several documents, anchors and merge
 * keys resolved as kubectl resolves them) or from `kubectl get scaledobject -o json`, with KEDA's
 * and the HPA's defaults filled in where the object leaves a field out: what the controllers will
 * actually use. Reading never judges: what KEDA would refuse is keda-admission.ts' job, so a
 * negative or inverted field is kept as written; only text that is not a number where KEDA needs
 * one, or no ScaledObject at all, is an error here.
 */
import { parseAllDocuments } from 'yaml';
import type { HpaScalingRules, ScalingPolicy } from '@loadlab/scaling';

export type MetricType = 'AverageValue' | 'Value' | 'Utilization';

export interface TriggerView {
  readonly index: number;
  readonly type: string;
  readonly name: string | null;
  /** metricType as written (null: left out). */
  readonly metricType: string | null;
  readonly query: string | null;
  /** threshold (external scalers) or value (cpu/memory), as a number; null when absent. */
  readonly threshold: number | null;
  /** metadata.value of a cpu/memory trigger, as written (a quantity or a percentage). */
  readonly value: string | null;
  readonly activationThreshold: number;
  readonly useCachedMetrics: boolean;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface FallbackView {
  readonly failureThreshold: number;
  readonly replicas: number;
  readonly behavior: string;
}

export interface ScalingModifiersView {
  readonly formula: string;
  readonly target: string;
  readonly activationTarget: string;
  readonly metricType: string;
}

export interface ScaledObjectView {
  readonly name: string;
  readonly namespace: string;
  readonly target: string;
  readonly targetKind: string;
  /** minReplicaCount as KEDA's executor reads it (0 when left out). */
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly idleReplicaCount: number | null;
  readonly pollingIntervalSeconds: number;
  readonly cooldownPeriodSeconds: number;
  /** Which fields the object sets itself (the rest are defaults). */
  readonly explicit: {
    readonly minReplicaCount: boolean;
    readonly cooldownPeriod: boolean;
    readonly pollingInterval: boolean;
    readonly behavior: boolean;
  };
  readonly triggers: readonly TriggerView[];
  /** The trigger the HPA model replays (the first external one that reads a rate), or null. */
  readonly modelled: TriggerView | null;
  readonly fallback: FallbackView | null;
  readonly scalingModifiers: ScalingModifiersView | null;
  readonly hpaName: string;
  readonly behavior: { readonly scaleUp: HpaScalingRules; readonly scaleDown: HpaScalingRules };
  /** The workload it scales, when the same input holds it (KEDA's webhook reads its requests). */
  readonly workload: any | null;
  /** The object as written, for the admission checks that read fields explain does not use. */
  readonly raw: any;
}

export class ScaledObjectError extends Error {}

// The HPA's defaults (autoscaling/v2) when behavior leaves a direction out
// (kubernetes pkg/apis/autoscaling/v2/defaults.go:29-64, REF.hpaBehaviorDefaults).
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

function num(v: unknown, what: string): number | null;
function num(v: unknown, what: string, fallback: number): number;
function num(v: unknown, what: string, fallback?: number): number | null {
  if (v === undefined || v === null || v === '') return fallback ?? null;
  const n = Number(v);
  if (!Number.isFinite(n))
    throw new ScaledObjectError(`${what} must be a number, got ${JSON.stringify(v)}`);
  return n;
}

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
  // merge: kubectl (sigs.k8s.io/yaml, YAML 1.1) resolves `<<: *anchor`; YAML 1.2 would keep
  // "<<" as a plain key and lose every field the anchor carries.
  const docs = parseAllDocuments(text, { merge: true });
  const out: any[] = [];
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    if (d.errors.length) throw new ScaledObjectError(`not valid YAML: ${d.errors[0]!.message}`);
    const v = d.toJS({ maxAliasCount: 1000 });
    if (v && typeof v === 'object') out.push(...(Array.isArray(v.items) ? v.items : [v]));
  }
  return out;
}

function readTrigger(t: any, index: number): TriggerView {
  const meta = t?.metadata ?? {};
  const type = String(t?.type ?? '');
  const what = `triggers[${index}] (${type || 'no type'})`;
  const isResource = type === 'cpu' || type === 'memory';
  return {
    index,
    type,
    name: typeof t?.name === 'string' && t.name ? t.name : null,
    metricType: typeof t?.metricType === 'string' && t.metricType ? t.metricType : null,
    query: typeof meta.query === 'string' ? meta.query : null,
    // cpu/memory: value is a percentage (Utilization) or a quantity such as 500m (AverageValue).
    threshold: isResource
      ? /^\d+$/.test(String(meta.value ?? ''))
        ? Number(meta.value)
        : null
      : num(meta.threshold, `${what} threshold`),
    value: meta.value === undefined || meta.value === null ? null : String(meta.value),
    activationThreshold: num(meta.activationThreshold, `${what} activationThreshold`, 0),
    useCachedMetrics: t?.useCachedMetrics === true,
    metadata: meta,
  };
}

/** The trigger whose arithmetic the HPA model can replay: external, a threshold, not Utilization. */
function modelledTrigger(triggers: readonly TriggerView[]): TriggerView | null {
  const external = triggers.filter(
    (t) =>
      t.type !== 'cpu' &&
      t.type !== 'memory' &&
      t.threshold !== null &&
      t.threshold > 0 &&
      t.metricType !== 'Utilization',
  );
  return external.find((t) => t.type === 'prometheus') ?? external[0] ?? null;
}

function readFallback(f: any): FallbackView | null {
  if (!f || typeof f !== 'object') return null;
  return {
    failureThreshold: num(f.failureThreshold, 'spec.fallback.failureThreshold', 0),
    replicas: num(f.replicas, 'spec.fallback.replicas', 0),
    behavior: typeof f.behavior === 'string' && f.behavior ? f.behavior : 'static',
  };
}

function readModifiers(m: any): ScalingModifiersView | null {
  if (!m || typeof m !== 'object') return null;
  const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const view = {
    formula: s(m.formula),
    target: s(m.target),
    activationTarget: s(m.activationTarget),
    metricType: s(m.metricType),
  };
  // KEDA's IsUsingModifiers: an empty struct means none (scaledobject_types.go:298-301).
  return Object.values(view).some(Boolean) ? view : null;
}

function workloadOf(so: any, all: readonly any[]): any | null {
  const ref = so.spec?.scaleTargetRef ?? {};
  const kind = ref.kind ?? 'Deployment';
  const ns = so.metadata?.namespace ?? 'default';
  return (
    all.find(
      (o) =>
        o?.kind === kind &&
        o?.metadata?.name === ref.name &&
        (o?.metadata?.namespace ?? 'default') === ns,
    ) ?? null
  );
}

function view(so: any, all: readonly any[]): ScaledObjectView {
  const spec = so.spec ?? {};
  const triggers = (Array.isArray(spec.triggers) ? spec.triggers : []).map(readTrigger);
  const behavior = spec.advanced?.horizontalPodAutoscalerConfig?.behavior;
  const name = so.metadata?.name ?? '(unnamed)';
  return {
    name,
    namespace: so.metadata?.namespace ?? 'default',
    target: spec.scaleTargetRef?.name ?? '(none)',
    targetKind: spec.scaleTargetRef?.kind ?? 'Deployment',
    // KEDA's executor reads a missing minReplicaCount as 0 (scale_scaledobjects.go:57-61).
    minReplicas: num(spec.minReplicaCount, 'spec.minReplicaCount', 0),
    maxReplicas: num(spec.maxReplicaCount, 'spec.maxReplicaCount', 100),
    idleReplicaCount: num(spec.idleReplicaCount, 'spec.idleReplicaCount'),
    pollingIntervalSeconds: num(spec.pollingInterval, 'spec.pollingInterval', 30),
    cooldownPeriodSeconds: num(spec.cooldownPeriod, 'spec.cooldownPeriod', 300),
    explicit: {
      minReplicaCount: spec.minReplicaCount !== undefined && spec.minReplicaCount !== null,
      cooldownPeriod: spec.cooldownPeriod !== undefined,
      pollingInterval: spec.pollingInterval !== undefined,
      behavior: behavior !== undefined,
    },
    triggers,
    modelled: modelledTrigger(triggers),
    fallback: readFallback(spec.fallback),
    scalingModifiers: readModifiers(spec.advanced?.scalingModifiers),
    hpaName: spec.advanced?.horizontalPodAutoscalerConfig?.name || `keda-hpa-${name}`,
    behavior: {
      scaleUp: rules(behavior?.scaleUp, DEFAULT_UP),
      scaleDown: rules(behavior?.scaleDown, DEFAULT_DOWN),
    },
    workload: workloadOf(so, all),
    raw: so,
  };
}

/** Every ScaledObject in the input (or the one named), in input order. */
export function readScaledObjects(text: string, name?: string): ScaledObjectView[] {
  const all = objectsIn(text);
  const found = all.filter((o) => o?.kind === 'ScaledObject');
  const chosen = name ? found.filter((o) => o?.metadata?.name === name) : found;
  if (!chosen.length)
    throw new ScaledObjectError(
      name
        ? `no ScaledObject named ${name} (found: ${found.map((o) => o?.metadata?.name).join(', ') || 'none'})`
        : 'no ScaledObject in the input',
    );
  return chosen.map((so) => view(so, all));
}

/** The first ScaledObject in the input (or the one named). */
export function readScaledObject(text: string, name?: string): ScaledObjectView {
  return readScaledObjects(text, name)[0]!;
}

/** The HPA model's settings for the modelled trigger (explain-timing.ts sets a formula's rate). */
export function policyOf(v: ScaledObjectView): ScalingPolicy {
  const t = v.modelled;
  return {
    target: v.target,
    query: t?.query ?? '',
    threshold: t?.threshold ?? 1,
    activationThreshold: t?.activationThreshold ?? 0,
    // The HPA's minReplicas: minReplicaCount, or 1 when it is 0 or left out
    // (GetHPAMinReplicas, scaledobject_types.go:303-309; hpa.go:161-168).
    minReplicas: Math.max(1, v.minReplicas),
    maxReplicas: v.maxReplicas,
    behavior: v.behavior,
  };
}
