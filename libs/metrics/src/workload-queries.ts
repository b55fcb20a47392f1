/**
 * PromQL for the workload dashboard that covers Grafana dashboard 8588: Deployments, StatefulSets
 * and DaemonSets, each with replicas (desired, available), unavailable ones, and CPU, memory and
 * network per workload. Replica counts come from kube-state-metrics; CPU, memory and network from
 * cAdvisor (the kubelet), joined to their workload through kube_pod_owner.
 */
import { rate, selector, sum, type Matcher } from './promql.ts';

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export const WORKLOAD_METRICS = {
  podOwner: 'kube_pod_owner',
  replicaSetOwner: 'kube_replicaset_owner',
  Deployment: {
    label: 'deployment',
    desired: 'kube_deployment_spec_replicas',
    available: 'kube_deployment_status_replicas_available',
    unavailable: 'kube_deployment_status_replicas_unavailable',
  },
  StatefulSet: {
    label: 'statefulset',
    desired: 'kube_statefulset_replicas',
    available: 'kube_statefulset_status_replicas_available',
    /** kube-state-metrics has no unavailable count for StatefulSets: desired - ready. */
    ready: 'kube_statefulset_status_replicas_ready',
  },
  DaemonSet: {
    label: 'daemonset',
    desired: 'kube_daemonset_status_desired_number_scheduled',
    available: 'kube_daemonset_status_number_available',
    unavailable: 'kube_daemonset_status_number_unavailable',
  },
  cpuSecondsTotal: 'container_cpu_usage_seconds_total',
  memoryWorkingSetBytes: 'container_memory_working_set_bytes',
  networkReceiveBytesTotal: 'container_network_receive_bytes_total',
  networkTransmitBytesTotal: 'container_network_transmit_bytes_total',
} as const;

/**
 * (namespace, pod) -> workload, with label_join only (no "$1", which Grafana reads as a variable).
 * A Deployment's pods are owned by a ReplicaSet, owned in turn by the Deployment
 * (kube_replicaset_owner), so the join goes through the ReplicaSet's name.
 */
function podWorkload(kind: WorkloadKind, namespace: Matcher): string {
  if (kind !== 'Deployment') {
    const owner = selector(WORKLOAD_METRICS.podOwner, { namespace, owner_kind: kind });
    return `max by (namespace, pod, workload) (label_join(${owner}, "workload", "", "owner_name"))`;
  }
  const podRs = `label_join(${selector(WORKLOAD_METRICS.podOwner, { namespace, owner_kind: 'ReplicaSet' })}, "rs", "", "owner_name")`;
  const rsDeployment = `max by (namespace, rs, workload) (label_join(label_join(${selector(WORKLOAD_METRICS.replicaSetOwner, { namespace, owner_kind: 'Deployment' })}, "rs", "", "replicaset"), "workload", "", "owner_name"))`;
  return `max by (namespace, pod, workload) (${podRs} * on (namespace, rs) group_left (workload) ${rsDeployment})`;
}

/** A per-pod cAdvisor series summed per workload of one kind. */
function perWorkload(kind: WorkloadKind, series: string, namespace: Matcher): string {
  return `sum by (workload) (${series} * on (namespace, pod) group_left (workload) ${podWorkload(kind, namespace)})`;
}

export const workloadQueries = {
  desired: (kind: WorkloadKind, namespace: Matcher) =>
    sum(selector(WORKLOAD_METRICS[kind].desired, { namespace }), [WORKLOAD_METRICS[kind].label]),
  available: (kind: WorkloadKind, namespace: Matcher) =>
    sum(selector(WORKLOAD_METRICS[kind].available, { namespace }), [WORKLOAD_METRICS[kind].label]),
  unavailable: (kind: WorkloadKind, namespace: Matcher) => {
    const m = WORKLOAD_METRICS[kind];
    if ('unavailable' in m) return sum(selector(m.unavailable, { namespace }), [m.label]);
    return `${sum(selector(m.desired, { namespace }), [m.label])} - ${sum(selector(m.ready, { namespace }), [m.label])}`;
  },
  cpuCores: (kind: WorkloadKind, namespace: Matcher, window: string) =>
    perWorkload(
      kind,
      rate(
        selector(WORKLOAD_METRICS.cpuSecondsTotal, {
          namespace,
          container: { op: '!=', value: '' },
        }),
        window,
      ),
      namespace,
    ),
  memoryBytes: (kind: WorkloadKind, namespace: Matcher) =>
    perWorkload(
      kind,
      selector(WORKLOAD_METRICS.memoryWorkingSetBytes, {
        namespace,
        container: { op: '!=', value: '' },
      }),
      namespace,
    ),
  networkBytes: (
    kind: WorkloadKind,
    direction: 'receive' | 'transmit',
    namespace: Matcher,
    window: string,
  ) =>
    perWorkload(
      kind,
      rate(
        selector(
          direction === 'receive'
            ? WORKLOAD_METRICS.networkReceiveBytesTotal
            : WORKLOAD_METRICS.networkTransmitBytesTotal,
          { namespace },
        ),
        window,
      ),
      namespace,
    ),
};
