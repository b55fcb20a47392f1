/** Replaces the tutorial's imported dashboard 8588: nodes, deployments and pods, from kube-state-metrics and cAdvisor. */
import * as units from '@grafana/grafana-foundation-sdk/units';
import { kubeQueries } from '@loadlab/metrics';
import { dashboardBase, prom, RATE_WINDOW, v } from '../common.ts';
import { row, timeseriesPanel } from '../panels.ts';
import { datasourceVariable, variables } from '../variables.ts';

export const UID = 'loadlab-cluster';

const nodeCpu = () =>
  timeseriesPanel({
    title: 'Node CPU in use',
    unit: units.Short,
    targets: [
      prom(kubeQueries.nodeCpuCores(RATE_WINDOW), '{{instance}}'),
      prom(kubeQueries.nodeAllocatable('cpu'), 'allocatable {{node}}'),
    ],
  });

const nodeMemory = () =>
  timeseriesPanel({
    title: 'Node memory in use',
    unit: units.BytesIEC,
    targets: [
      prom(kubeQueries.nodeMemoryBytes(), '{{instance}}'),
      prom(kubeQueries.nodeAllocatable('memory'), 'allocatable {{node}}'),
    ],
  });

const deploymentsReady = () =>
  timeseriesPanel({
    title: 'Deployment ready replicas',
    unit: units.NoUnit,
    targets: [prom(kubeQueries.deploymentsReady(v.namespace), '{{deployment}}')],
  });

const podsByPhase = () =>
  timeseriesPanel({
    title: 'Pods by phase',
    unit: units.NoUnit,
    targets: [prom(kubeQueries.podPhases(v.namespace), '{{phase}}')],
  });

export function clusterOverview() {
  return dashboardBase(UID, 'Kubernetes cluster overview', ['kubernetes'])
    .withVariable(datasourceVariable('prometheus'))
    .withVariable(variables.namespace())
    .withRow(row('Nodes'))
    .withPanel(nodeCpu().span(12).height(8))
    .withPanel(nodeMemory().span(12).height(8))
    .withRow(row('Workloads'))
    .withPanel(deploymentsReady().span(12).height(8))
    .withPanel(podsByPhase().span(12).height(8));
}
