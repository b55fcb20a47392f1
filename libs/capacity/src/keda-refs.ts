/**
 * Where each rule `explain` states comes from: KEDA and Kubernetes at the versions in READ_AT.
 * One place for every citation, so that a KEDA upgrade is one file to re-check against the new tag.
 */

/**
 * The tags the cited lines were read at. Not the pins themselves: a citation stays true only for
 * the code it was read from, so when tools/versions.env moves KEDA_VERSION or K8S_VERSION,
 * read-at.spec.ts fails until the rules are re-read at the new tag and this is moved with them.
 */
export const READ_AT = { keda: 'v2.20.2', kubernetes: 'v1.34.4' } as const;

export interface SourceRef {
  readonly repo:
    `keda ${typeof READ_AT.keda}` | `kubernetes ${typeof READ_AT.kubernetes}` | 'prometheus docs';
  readonly path: string;
  readonly lines: string;
}

const keda = (path: string, lines: string): SourceRef => ({
  repo: `keda ${READ_AT.keda}`,
  path,
  lines,
});
const k8s = (path: string, lines: string): SourceRef => ({
  repo: `kubernetes ${READ_AT.kubernetes}`,
  path,
  lines,
});

const WEBHOOK = 'apis/keda/v1alpha1/scaledobject_webhook.go';
const TYPES = 'apis/keda/v1alpha1/scaledobject_types.go';
const EXECUTOR = 'pkg/scaling/executor/scale_scaledobjects.go';
const HANDLER = 'pkg/scaling/scale_handler.go';
const FALLBACK = 'pkg/fallback/fallback.go';
const HPA_CONTROLLER = 'pkg/controller/podautoscaler/horizontal.go';
const REPLICAS = 'pkg/controller/podautoscaler/replica_calculator.go';

export const REF = {
  // Admission: what the webhook (and the CRD schema before it) refuses.
  crdMinimums: keda(TYPES, '104-126'),
  crdMinLeMax: keda(TYPES, '101'),
  crdTriggerSchema: keda('config/crd/bases/keda.sh_scaledobjects.yaml', '349-352, 363-367'),
  crdFallbackRequired: keda(TYPES, '131-136'),
  crdFallbackEnum: keda(TYPES, '137-140'),
  crdModifiersMetricType: keda(TYPES, '159-161'),
  webhookRuns: keda(WEBHOOK, '153-190'),
  webhookRandomOrder: keda(WEBHOOK, '158-174'),
  webhookDryRun: keda(WEBHOOK, '441-444'),
  workloadResourceSet: keda(WEBHOOK, '629-633'),
  replicaBounds: keda(TYPES, '353-369'),
  hpaMinReplicas: keda(TYPES, '303-309'),
  fallbackValid: keda(TYPES, '373-398'),
  triggersValid: keda('apis/keda/v1alpha1/scaletriggers_types.go', '56-86'),
  nameLength: keda(WEBHOOK, '203-219'),
  otherScaledObject: keda(WEBHOOK, '377-400'),
  webhookWarnings: keda(WEBHOOK, '336-358'),
  modifiersValid: keda(WEBHOOK, '405-413'),
  modifiersFormula: keda(WEBHOOK, '524-588'),
  modifiersTarget: keda(WEBHOOK, '590-614'),
  modifiersFallback: keda(WEBHOOK, '415-422'),
  cpuMemoryTarget: keda(WEBHOOK, '446-475'),
  cpuMemoryRequests: keda(WEBHOOK, '477-494'),
  cpuMemoryScaleToZero: keda(WEBHOOK, '497-513'),
  // The scalers KEDA builds after admission.
  cpuMemoryMetricType: keda('pkg/scalers/cpu_memory_scaler.go', '60-79'),
  cpuMemoryResourceMetric: keda('pkg/scalers/cpu_memory_scaler.go', '95-124'),
  externalMetricType: keda('pkg/scalers/scaler.go', '94-105'),
  externalUtilization: keda('pkg/scalers/scaler.go', '67'),
  requiredParameter: keda('pkg/scalers/scalersconfig/typed_config.go', '271'),
  prometheusFields: keda('pkg/scalers/prometheus_scaler.go', '49-53'),
  prometheusActive: keda('pkg/scalers/prometheus_scaler.go', '319'),
  // The HPA KEDA creates.
  hpaFromScaledObject: keda('controllers/keda/hpa.go', '161-168'),
  hpaOneMetricPerTrigger: keda('controllers/keda/hpa.go', '262-302'),
  hpaCompositeMetric: keda('controllers/keda/hpa.go', '314-369'),
  // KEDA's own loop: activation, idle, cooldown, polling, cache, fallback, formula.
  pollingLoop: keda(HANDLER, '179-200'),
  pollingDefault: keda('apis/keda/v1alpha1/withtriggers_types.go', '51, 101-108'),
  anyTriggerActive: keda(HANDLER, '846-853'),
  cpuMemoryAlwaysActive: keda(HANDLER, '918-922'),
  modifiersActivation: keda(HANDLER, '888-916'),
  cachedMetricsRead: keda(HANDLER, '680-697'),
  cachedMetricsWrite: keda(HANDLER, '1005-1011'),
  executorMin: keda(EXECUTOR, '57-61'),
  executorActivate: keda(EXECUTOR, '70-73, 247-252'),
  executorDeactivate: keda(EXECUTOR, '98-101'),
  executorRestoreMin: keda(EXECUTOR, '102-109'),
  executorCooldown: keda(EXECUTOR, '196-215'),
  executorIdleOrMin: keda(EXECUTOR, '321-331'),
  cooldownDefault: keda('pkg/scaling/executor/scale_executor.go', '35-36'),
  fallbackNone: keda(FALLBACK, '134-136'),
  fallbackThreshold: keda(FALLBACK, '142-170'),
  fallbackBehavior: keda(FALLBACK, '249-272'),
  fallbackValue: keda(FALLBACK, '274-306'),
  fallbackKeepsReplicas: keda(EXECUTOR, '86-92'),
  modifiersFormulaRun: keda('pkg/scaling/modifiers/formula.go', '93-131'),
  modifiersFallbackMetric: keda('pkg/scaling/modifiers/formula.go', '45-69'),
  // The HPA controller.
  hpaLargestOfMetrics: k8s(HPA_CONTROLLER, '319-335'),
  hpaInvalidMetric: k8s(HPA_CONTROLLER, '341-347'),
  hpaStabilization: k8s(HPA_CONTROLLER, '1134-1190'),
  hpaDisabledAtZero: k8s(HPA_CONTROLLER, '831-835'),
  hpaExternalAverageValue: k8s(REPLICAS, '369-406'),
  hpaExternalValue: k8s(REPLICAS, '282-300, 347-364'),
  hpaResourceUtilization: k8s(REPLICAS, '80-118'),
  hpaTolerance: k8s('pkg/controller/podautoscaler/config/v1alpha1/defaults.go', '52-54'),
  hpaSyncPeriod: k8s('pkg/controller/podautoscaler/config/v1alpha1/defaults.go', '40-42'),
  hpaBehaviorDefaults: k8s('pkg/apis/autoscaling/v2/defaults.go', '29-64'),
  // PromQL: rate() over a range is the per-second average of the samples in that range.
  promRate: { repo: 'prometheus docs', path: 'docs/querying/functions.md', lines: '#rate' },
} as const;

export type RefName = keyof typeof REF;

export const refText = (r: SourceRef) =>
  `${r.repo} ${r.path}${r.lines.startsWith('#') ? '' : ':'}${r.lines}`;

/** One thing explain says, with the upstream code it rests on (none: arithmetic on the input). */
export interface Statement {
  readonly text: string;
  readonly refs: readonly SourceRef[];
}

export const say = (text: string, ...refs: SourceRef[]): Statement => ({ text, refs });
