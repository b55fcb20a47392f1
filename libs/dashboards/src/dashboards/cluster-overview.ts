/** Replaces the tutorial's imported dashboard 8588: nodes, deployments and pods, from kube-state-metrics and cAdvisor. */
import { kubeQueries } from '@loadlab/metrics';
import {
  dashboardBase,
  datasourceVariable,
  layout,
  prom,
  RATE_WINDOW,
  timeseriesPanel,
  UNITS,
  v,
  variables,
} from '../common.ts';

export const UID = 'loadlab-cluster';

export function clusterOverview() {
  const panels = layout([
    [
      [
        timeseriesPanel({
          title: 'Node CPU in use',
          unit: UNITS.cores,
          targets: [
            prom(kubeQueries.nodeCpuCores(RATE_WINDOW), '{{instance}}'),
            prom(kubeQueries.nodeAllocatable('cpu'), 'allocatable {{node}}'),
          ],
        }),
        12,
        8,
      ],
      [
        timeseriesPanel({
          title: 'Node memory in use',
          unit: UNITS.bytes,
          targets: [
            prom(kubeQueries.nodeMemoryBytes(), '{{instance}}'),
            prom(kubeQueries.nodeAllocatable('memory'), 'allocatable {{node}}'),
          ],
        }),
        12,
        8,
      ],
    ],
    [
      [
        timeseriesPanel({
          title: 'Deployment ready replicas',
          unit: UNITS.count,
          targets: [prom(kubeQueries.deploymentsReady(v.namespace), '{{deployment}}')],
        }),
        12,
        8,
      ],
      [
        timeseriesPanel({
          title: 'Pods by phase',
          unit: UNITS.count,
          targets: [prom(kubeQueries.podPhases(v.namespace), '{{phase}}')],
        }),
        12,
        8,
      ],
    ],
  ]);
  const d = dashboardBase(UID, 'Kubernetes cluster overview', ['kubernetes'])
    .withVariable(datasourceVariable('prometheus'))
    .withVariable(variables.namespace());
  for (const p of panels) d.withPanel(p as never);
  return d;
}
