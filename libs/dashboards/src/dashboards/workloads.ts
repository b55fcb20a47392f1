/**
 * What Grafana dashboard 8588 covers, per workload: Deployments, StatefulSets and DaemonSets, each
 * with desired and available replicas, unavailable ones, CPU, memory and network. Replicas come
 * from kube-state-metrics; CPU, memory and network from cAdvisor. One row per kind, laid out by
 * the SDK (span, height).
 */
import * as units from '@grafana/grafana-foundation-sdk/units';
import {
  WORKLOAD_KINDS,
  WORKLOAD_METRICS,
  workloadQueries as q,
  type WorkloadKind,
} from '@loadlab/metrics';
import { dashboardBase, prom, RATE_WINDOW, v } from '../common.ts';
import { row, timeseriesPanel } from '../panels.ts';
import { datasourceVariable, variables } from '../variables.ts';

export const UID = 'loadlab-workloads';

const by = (kind: WorkloadKind) => `{{${WORKLOAD_METRICS[kind].label}}}`;

const replicas = (kind: WorkloadKind) =>
  timeseriesPanel({
    title: `${kind} replicas`,
    unit: units.NoUnit,
    targets: [
      prom(q.desired(kind, v.namespace), `desired ${by(kind)}`),
      prom(q.available(kind, v.namespace), `available ${by(kind)}`),
    ],
  });

const unavailable = (kind: WorkloadKind) =>
  timeseriesPanel({
    title: `${kind} unavailable replicas`,
    unit: units.NoUnit,
    targets: [prom(q.unavailable(kind, v.namespace), by(kind))],
  });

const cpu = (kind: WorkloadKind) =>
  timeseriesPanel({
    title: `${kind} CPU`,
    unit: units.Short,
    targets: [prom(q.cpuCores(kind, v.namespace, RATE_WINDOW), '{{workload}}')],
  });

const memory = (kind: WorkloadKind) =>
  timeseriesPanel({
    title: `${kind} memory`,
    unit: units.BytesIEC,
    targets: [prom(q.memoryBytes(kind, v.namespace), '{{workload}}')],
  });

const network = (kind: WorkloadKind) =>
  timeseriesPanel({
    title: `${kind} network`,
    unit: units.BytesPerSecondSI,
    targets: [
      prom(q.networkBytes(kind, 'receive', v.namespace, RATE_WINDOW), 'in {{workload}}'),
      prom(q.networkBytes(kind, 'transmit', v.namespace, RATE_WINDOW), 'out {{workload}}'),
    ],
  });

export function workloads() {
  const d = dashboardBase(UID, 'Kubernetes workloads', ['kubernetes'])
    .withVariable(datasourceVariable('prometheus'))
    .withVariable(variables.namespace());
  for (const kind of WORKLOAD_KINDS)
    d.withRow(row(`${kind}s`))
      .withPanel(replicas(kind).span(8).height(8))
      .withPanel(unavailable(kind).span(8).height(8))
      .withPanel(cpu(kind).span(8).height(8))
      .withPanel(memory(kind).span(12).height(8))
      .withPanel(network(kind).span(12).height(8));
  return d;
}
