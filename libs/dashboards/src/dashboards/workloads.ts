/**
 * What Grafana dashboard 8588 covers, per workload: Deployments, StatefulSets and DaemonSets, each
 * with desired and available replicas, unavailable ones, CPU, memory and network. Replicas come
 * from kube-state-metrics; CPU, memory and network from cAdvisor. Laid out by the SDK (span, height).
 */
import { WORKLOAD_KINDS, WORKLOAD_METRICS, workloadQueries as q } from '@loadlab/metrics';
import {
  dashboardBase,
  datasourceVariable,
  prom,
  RATE_WINDOW,
  timeseriesPanel,
  UNITS,
  v,
  variables,
} from '../common.ts';

export const UID = 'loadlab-workloads';

export function workloads() {
  const d = dashboardBase(UID, 'Kubernetes workloads', ['kubernetes'])
    .withVariable(datasourceVariable('prometheus'))
    .withVariable(variables.namespace());
  let id = 0;
  const panel = (p: ReturnType<typeof timeseriesPanel>, span: number) =>
    p.id(++id).span(span).height(8);
  for (const kind of WORKLOAD_KINDS) {
    const by = `{{${WORKLOAD_METRICS[kind].label}}}`;
    d.withPanel(
      panel(
        timeseriesPanel({
          title: `${kind} replicas`,
          unit: UNITS.count,
          targets: [
            prom(q.desired(kind, v.namespace), `desired ${by}`),
            prom(q.available(kind, v.namespace), `available ${by}`),
          ],
        }),
        8,
      ),
    );
    d.withPanel(
      panel(
        timeseriesPanel({
          title: `${kind} unavailable replicas`,
          unit: UNITS.count,
          targets: [prom(q.unavailable(kind, v.namespace), by)],
        }),
        8,
      ),
    );
    d.withPanel(
      panel(
        timeseriesPanel({
          title: `${kind} CPU`,
          unit: UNITS.cores,
          targets: [prom(q.cpuCores(kind, v.namespace, RATE_WINDOW), '{{workload}}')],
        }),
        8,
      ),
    );
    d.withPanel(
      panel(
        timeseriesPanel({
          title: `${kind} memory`,
          unit: UNITS.bytes,
          targets: [prom(q.memoryBytes(kind, v.namespace), '{{workload}}')],
        }),
        12,
      ),
    );
    d.withPanel(
      panel(
        timeseriesPanel({
          title: `${kind} network`,
          unit: 'Bps',
          targets: [
            prom(q.networkBytes(kind, 'receive', v.namespace, RATE_WINDOW), 'in {{workload}}'),
            prom(q.networkBytes(kind, 'transmit', v.namespace, RATE_WINDOW), 'out {{workload}}'),
          ],
        }),
        12,
      ),
    );
  }
  return d;
}
