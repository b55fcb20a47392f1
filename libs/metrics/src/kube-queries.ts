/**
 * Canonical PromQL for the cluster side: kube-state-metrics, cAdvisor and KEDA.
 * Matchers may be Grafana variables (`{ op: '=~', value: '$namespace' }`).
 */
import { rate, selector, sum, type Matcher } from './promql.ts';

export const KUBE_METRICS = {
  podPhase: 'kube_pod_status_phase',
  podContainerInfo: 'kube_pod_container_info',
  deploymentReplicas: 'kube_deployment_status_replicas',
  deploymentReplicasReady: 'kube_deployment_status_replicas_ready',
  hpaDesiredReplicas: 'kube_horizontalpodautoscaler_status_desired_replicas',
  hpaCurrentReplicas: 'kube_horizontalpodautoscaler_status_current_replicas',
  nodeAllocatable: 'kube_node_status_allocatable',
  containerCpuSecondsTotal: 'container_cpu_usage_seconds_total',
  containerMemoryWorkingSetBytes: 'container_memory_working_set_bytes',
  containerMemoryLimitBytes: 'container_spec_memory_limit_bytes',
  /** KEDA operator: the value its scaler read for a ScaledObject. */
  kedaScalerMetricValue: 'keda_scaler_metrics_value',
} as const;

export const POD_PHASES = ['Running', 'Pending', 'Failed', 'Succeeded', 'Unknown'] as const;

export interface KubeScope {
  readonly namespace: Matcher;
  /** The Deployment / container / HPA name, e.g. crocodile-api. */
  readonly app: Matcher;
  readonly window?: string;
}

/** Pods of a Deployment are named <deployment>-<hash>-<id>. */
const podsOf = (app: Matcher): Matcher =>
  typeof app === 'string'
    ? { op: '=~', value: `${app}-.*` }
    : { op: '=~', value: `${app.value}-.*` };
/** KEDA names the HPA it creates keda-hpa-<scaledobject>. */
const kedaHpa = (app: Matcher): Matcher =>
  typeof app === 'string' ? `keda-hpa-${app}` : { op: app.op, value: `keda-hpa-${app.value}` };

export const kubeQueries = {
  pods: (s: KubeScope, phase: (typeof POD_PHASES)[number]) =>
    sum(selector(KUBE_METRICS.podPhase, { namespace: s.namespace, pod: podsOf(s.app), phase })),
  podsByPhase: (s: KubeScope) =>
    sum(selector(KUBE_METRICS.podPhase, { namespace: s.namespace, pod: podsOf(s.app) }), ['phase']),
  /** Pods running the app's container (the tutorial's "total pods"). */
  totalPods: (s: KubeScope) =>
    `count(${selector(KUBE_METRICS.podContainerInfo, { namespace: s.namespace, container: s.app })})`,
  hpaDesired: (s: KubeScope) =>
    sum(
      selector(KUBE_METRICS.hpaDesiredReplicas, {
        namespace: s.namespace,
        horizontalpodautoscaler: kedaHpa(s.app),
      }),
    ),
  hpaCurrent: (s: KubeScope) =>
    sum(
      selector(KUBE_METRICS.hpaCurrentReplicas, {
        namespace: s.namespace,
        horizontalpodautoscaler: kedaHpa(s.app),
      }),
    ),
  readyReplicas: (s: KubeScope) =>
    sum(
      selector(KUBE_METRICS.deploymentReplicasReady, { namespace: s.namespace, deployment: s.app }),
    ),
  kedaMetric: (s: KubeScope) =>
    sum(
      selector(KUBE_METRICS.kedaScalerMetricValue, { namespace: s.namespace, scaledObject: s.app }),
    ),
  memoryPerPod: (s: KubeScope) =>
    sum(
      selector(KUBE_METRICS.containerMemoryWorkingSetBytes, {
        namespace: s.namespace,
        container: s.app,
      }),
      ['pod'],
    ),
  memoryLimit: (s: KubeScope) =>
    `max(${selector(KUBE_METRICS.containerMemoryLimitBytes, { namespace: s.namespace, container: s.app })})`,
  cpuPerPod: (s: KubeScope) =>
    sum(
      rate(
        selector(KUBE_METRICS.containerCpuSecondsTotal, {
          namespace: s.namespace,
          container: s.app,
        }),
        s.window ?? '2m',
      ),
      ['pod'],
    ),
  /** Cluster overview: every Deployment's ready replicas in a namespace. */
  deploymentsReady: (namespace: Matcher) =>
    sum(selector(KUBE_METRICS.deploymentReplicasReady, { namespace }), ['deployment']),
  podPhases: (namespace: Matcher) => sum(selector(KUBE_METRICS.podPhase, { namespace }), ['phase']),
  /** Node CPU in use (cores), from cAdvisor's root cgroup. */
  nodeCpuCores: (window = '2m') =>
    sum(rate(selector(KUBE_METRICS.containerCpuSecondsTotal, { id: '/' }), window), ['instance']),
  nodeMemoryBytes: () =>
    sum(selector(KUBE_METRICS.containerMemoryWorkingSetBytes, { id: '/' }), ['instance']),
  nodeAllocatable: (resource: 'cpu' | 'memory') =>
    sum(selector(KUBE_METRICS.nodeAllocatable, { resource }), ['node']),
};
