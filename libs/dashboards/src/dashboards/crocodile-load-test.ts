/**
 * crocodile-api under load: every panel of the tutorial's dashboard, with
 * correct queries (p99 from the histogram, not a summary quantile), plus what a
 * user of autoscaling needs: replicas, the KEDA metric against its threshold,
 * p95, error ratio and CPU per pod.
 */
import { k6Queries, kubeQueries, queries, type KubeScope, type Scope } from '@loadlab/metrics';
import { SCALING_POLICY } from '@loadlab/scaling';
import {
  dashboardBase,
  layout,
  prom,
  RATE_WINDOW,
  statPanel,
  timeseriesPanel,
  UNITS,
  v,
  variables,
  datasourceVariable,
} from '../common.ts';

export const UID = 'loadlab-crocodile';

export function crocodileLoadTest() {
  const app: Scope = { app: v.app, labels: { namespace: v.namespace }, window: RATE_WINDOW };
  const kube: KubeScope = { namespace: v.namespace, app: v.app, window: RATE_WINDOW };
  const perPod = ['pod'];

  const panels = layout([
    [
      [
        timeseriesPanel({
          title: 'HTTP request rate: k6 and app',
          unit: UNITS.reqps,
          targets: [
            prom(k6Queries.requestRate(v.testid, RATE_WINDOW), 'k6 sent'),
            prom(queries.requestRate(app), 'app served'),
            prom(queries.requestRate(app, perPod), 'app {{pod}}'),
          ],
        }),
        12,
        8,
      ],
      [
        timeseriesPanel({
          title: 'Virtual users',
          unit: UNITS.count,
          targets: [prom(k6Queries.vus(v.testid), 'VUs')],
        }),
        6,
        8,
      ],
      [
        timeseriesPanel({
          title: 'Checks per second',
          unit: UNITS.reqps,
          targets: [prom(k6Queries.checksPerSecond(v.testid, RATE_WINDOW), 'checks/s')],
        }),
        6,
        8,
      ],
    ],
    [
      [
        statPanel({
          title: 'Running pods',
          unit: UNITS.count,
          targets: [prom(kubeQueries.pods(kube, 'Running'), 'Running')],
        }),
        4,
        5,
      ],
      [
        statPanel({
          title: 'Pending pods',
          unit: UNITS.count,
          targets: [prom(kubeQueries.pods(kube, 'Pending'), 'Pending')],
        }),
        4,
        5,
      ],
      [
        statPanel({
          title: 'Failed pods',
          unit: UNITS.count,
          targets: [prom(kubeQueries.pods(kube, 'Failed'), 'Failed')],
        }),
        4,
        5,
      ],
      [
        statPanel({
          title: 'Total crocodile-api pods',
          unit: UNITS.count,
          targets: [prom(kubeQueries.totalPods(kube), 'pods')],
        }),
        4,
        5,
      ],
      [
        timeseriesPanel({
          title: 'Pod status',
          unit: UNITS.count,
          targets: [prom(kubeQueries.podsByPhase(kube), '{{phase}}')],
        }),
        8,
        5,
      ],
    ],
    [
      [
        timeseriesPanel({
          title: 'Replicas: HPA desired and current, ready',
          unit: UNITS.count,
          thresholdLine: SCALING_POLICY.maxReplicas,
          targets: [
            prom(kubeQueries.hpaDesired(kube), 'desired (HPA)'),
            prom(kubeQueries.hpaCurrent(kube), 'current (HPA)'),
            prom(kubeQueries.readyReplicas(kube), 'ready (Deployment)'),
          ],
        }),
        12,
        8,
      ],
      [
        timeseriesPanel({
          title: 'KEDA metric against its threshold',
          unit: UNITS.reqps,
          description: `sum(rate(...[2m])) against ${SCALING_POLICY.threshold} req/s per current replica`,
          targets: [
            prom(
              queries.scalingMetric({ app: v.app, labels: { namespace: v.namespace } }),
              'KEDA query',
            ),
            prom(kubeQueries.kedaMetric(kube), 'read by KEDA'),
            prom(
              `${SCALING_POLICY.threshold} * ${kubeQueries.hpaCurrent(kube)}`,
              'threshold × current replicas',
            ),
          ],
        }),
        12,
        8,
      ],
    ],
    [
      [
        timeseriesPanel({
          title: 'Response time p95 (histogram)',
          unit: UNITS.seconds,
          targets: [
            prom(queries.latencyQuantile(0.95, app), 'p95'),
            prom(k6Queries.duration('p95', v.testid), 'p95 seen by k6'),
          ],
        }),
        8,
        8,
      ],
      [
        timeseriesPanel({
          title: 'Response time p99 (histogram)',
          unit: UNITS.seconds,
          targets: [
            prom(queries.latencyQuantile(0.99, app), 'p99'),
            prom(queries.latencyQuantile(0.99, app, perPod), 'p99 {{pod}}'),
          ],
        }),
        8,
        8,
      ],
      [
        timeseriesPanel({
          title: 'Error ratio (5xx)',
          unit: UNITS.ratio,
          thresholdLine: 0.01,
          targets: [
            prom(queries.errorRatio(app), 'server 5xx'),
            prom(k6Queries.failedRate(v.testid), 'k6 failed'),
          ],
        }),
        8,
        8,
      ],
    ],
    [
      [
        timeseriesPanel({
          title: 'Memory per pod',
          unit: UNITS.bytes,
          targets: [
            prom(kubeQueries.memoryPerPod(kube), '{{pod}}'),
            prom(kubeQueries.memoryLimit(kube), 'limit'),
          ],
        }),
        12,
        8,
      ],
      [
        timeseriesPanel({
          title: 'CPU per pod',
          unit: UNITS.cores,
          targets: [prom(kubeQueries.cpuPerPod(kube), '{{pod}}')],
        }),
        12,
        8,
      ],
    ],
  ]);

  const d = dashboardBase(UID, 'crocodile-api load test', ['crocodile-api', 'k6', 'keda'])
    .withVariable(datasourceVariable('prometheus'))
    .withVariable(variables.namespace())
    .withVariable(variables.app())
    .withVariable(variables.testid());
  for (const p of panels) d.withPanel(p as never);
  return d;
}
