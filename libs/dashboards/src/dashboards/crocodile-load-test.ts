/**
 * crocodile-api under load: every panel of the tutorial's dashboard, with
 * correct queries (p99 from the histogram, not a summary quantile), plus what a
 * user of autoscaling needs: replicas, the KEDA metric against its threshold,
 * p95, error ratio and CPU per pod.
 */
import * as units from '@grafana/grafana-foundation-sdk/units';
import { k6Queries, kubeQueries, queries, type KubeScope, type Scope } from '@loadlab/metrics';
import { SCALING_POLICY } from '@loadlab/scaling';
import { dashboardBase, prom, RATE_WINDOW, v } from '../common.ts';
import { row, statPanel, timeseriesPanel } from '../panels.ts';
import { datasourceVariable, variables } from '../variables.ts';

export const UID = 'loadlab-crocodile';

const app: Scope = { app: v.app, labels: { namespace: v.namespace }, window: RATE_WINDOW };
const kube: KubeScope = { namespace: v.namespace, app: v.app, window: RATE_WINDOW };
const perPod = ['pod'];

const requestRate = () =>
  timeseriesPanel({
    title: 'HTTP request rate: k6 and app',
    unit: units.RequestsPerSecond,
    targets: [
      prom(k6Queries.requestRate(v.testid, RATE_WINDOW), 'k6 sent'),
      prom(queries.requestRate(app), 'app served'),
      prom(queries.requestRate(app, perPod), 'app {{pod}}'),
    ],
  });

const virtualUsers = () =>
  timeseriesPanel({
    title: 'Virtual users',
    unit: units.NoUnit,
    targets: [prom(k6Queries.vus(v.testid), 'VUs')],
  });

const checksPerSecond = () =>
  timeseriesPanel({
    title: 'Checks per second',
    unit: units.RequestsPerSecond,
    targets: [prom(k6Queries.checksPerSecond(v.testid, RATE_WINDOW), 'checks/s')],
  });

const podsIn = (phase: 'Running' | 'Pending' | 'Failed') =>
  statPanel({
    title: `${phase} pods`,
    unit: units.NoUnit,
    targets: [prom(kubeQueries.pods(kube, phase), phase)],
  });

const totalPods = () =>
  statPanel({
    title: 'Total crocodile-api pods',
    unit: units.NoUnit,
    targets: [prom(kubeQueries.totalPods(kube), 'pods')],
  });

const podStatus = () =>
  timeseriesPanel({
    title: 'Pod status',
    unit: units.NoUnit,
    targets: [prom(kubeQueries.podsByPhase(kube), '{{phase}}')],
  });

const replicas = () =>
  timeseriesPanel({
    title: 'Replicas: HPA desired and current, ready',
    unit: units.NoUnit,
    thresholdLine: SCALING_POLICY.maxReplicas,
    targets: [
      prom(kubeQueries.hpaDesired(kube), 'desired (HPA)'),
      prom(kubeQueries.hpaCurrent(kube), 'current (HPA)'),
      prom(kubeQueries.readyReplicas(kube), 'ready (Deployment)'),
    ],
  });

const kedaMetric = () =>
  timeseriesPanel({
    title: 'KEDA metric against its threshold',
    unit: units.RequestsPerSecond,
    description: `sum(rate(...[2m])) against ${SCALING_POLICY.threshold} req/s per current replica`,
    targets: [
      prom(queries.scalingMetric({ app: v.app, labels: { namespace: v.namespace } }), 'KEDA query'),
      prom(kubeQueries.kedaMetric(kube), 'read by KEDA'),
      prom(
        `${SCALING_POLICY.threshold} * ${kubeQueries.hpaCurrent(kube)}`,
        'threshold × current replicas',
      ),
    ],
  });

const p95 = () =>
  timeseriesPanel({
    title: 'Response time p95 (histogram)',
    unit: units.Seconds,
    targets: [
      prom(queries.latencyQuantile(0.95, app), 'p95'),
      prom(k6Queries.duration('p95', v.testid), 'p95 seen by k6'),
    ],
  });

const p99 = () =>
  timeseriesPanel({
    title: 'Response time p99 (histogram)',
    unit: units.Seconds,
    targets: [
      prom(queries.latencyQuantile(0.99, app), 'p99'),
      prom(queries.latencyQuantile(0.99, app, perPod), 'p99 {{pod}}'),
    ],
  });

const errorRatio = () =>
  timeseriesPanel({
    title: 'Error ratio (5xx)',
    unit: units.PercentUnit,
    thresholdLine: 0.01,
    targets: [
      prom(queries.errorRatio(app), 'server 5xx'),
      prom(k6Queries.failedRate(v.testid), 'k6 failed'),
    ],
  });

const memoryPerPod = () =>
  timeseriesPanel({
    title: 'Memory per pod',
    unit: units.BytesIEC,
    targets: [
      prom(kubeQueries.memoryPerPod(kube), '{{pod}}'),
      prom(kubeQueries.memoryLimit(kube), 'limit'),
    ],
  });

const cpuPerPod = () =>
  timeseriesPanel({
    title: 'CPU per pod',
    unit: units.Short,
    targets: [prom(kubeQueries.cpuPerPod(kube), '{{pod}}')],
  });

export function crocodileLoadTest() {
  return dashboardBase(UID, 'crocodile-api load test', ['crocodile-api', 'k6', 'keda'])
    .withVariable(datasourceVariable('prometheus'))
    .withVariable(variables.namespace())
    .withVariable(variables.app())
    .withVariable(variables.testid())
    .withRow(row('Load'))
    .withPanel(requestRate().span(12).height(8))
    .withPanel(virtualUsers().span(6).height(8))
    .withPanel(checksPerSecond().span(6).height(8))
    .withRow(row('Pods'))
    .withPanel(podsIn('Running').span(4).height(5))
    .withPanel(podsIn('Pending').span(4).height(5))
    .withPanel(podsIn('Failed').span(4).height(5))
    .withPanel(totalPods().span(4).height(5))
    .withPanel(podStatus().span(8).height(5))
    .withRow(row('Autoscaling'))
    .withPanel(replicas().span(12).height(8))
    .withPanel(kedaMetric().span(12).height(8))
    .withRow(row('Latency and errors'))
    .withPanel(p95().span(8).height(8))
    .withPanel(p99().span(8).height(8))
    .withPanel(errorRatio().span(8).height(8))
    .withRow(row('Resources'))
    .withPanel(memoryPerPod().span(12).height(8))
    .withPanel(cpuPerPod().span(12).height(8));
}
