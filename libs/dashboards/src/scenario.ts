/**
 * A recorded cluster scenario as OpenMetrics, for `promtool tsdb create-blocks-from openmetrics`:
 * crocodile-api scales 1 -> 4 -> 1, as kube-state-metrics, cAdvisor and KEDA would report it.
 *   0-3m     1 replica, 30 req/s
 *   3m-3m30  HPA wants 4; three new pods Pending
 *   3m30-8m  4 replicas Running, 180 req/s; one extra pod Failed from 5m to 6m
 *   8m-8m30  HPA back to 1; three pods go away at 8m30 (their series end)
 *   8m30-16m 1 replica
 */
import { OpenMetricsWriter } from '@loadlab/prometheus-client';
import { KUBE_METRICS, POD_PHASES } from '@loadlab/metrics';

export const NAMESPACE = 'default';
export const APP = 'crocodile-api';
export const SCENARIO_SECONDS = 16 * 60;
const STEP = 15;

interface Pod {
  name: string;
  phaseAt(t: number): (typeof POD_PHASES)[number] | undefined;
}
const pod = (i: number, phaseAt: Pod['phaseAt']): Pod => ({
  name: `${APP}-6d4cf9b7c-${i}`,
  phaseAt,
});
const PODS: Pod[] = [
  pod(1, () => 'Running'),
  ...[2, 3, 4].map((i) =>
    pod(i, (t) => (t < 180 || t >= 510 ? undefined : t < 210 ? 'Pending' : 'Running')),
  ),
  pod(5, (t) => (t >= 300 && t < 360 ? 'Failed' : undefined)),
];

export const desiredAt = (t: number) => (t >= 180 && t < 480 ? 4 : 1);
export const runningAt = (t: number) => PODS.filter((p) => p.phaseAt(t) === 'Running').length;
const metricAt = (t: number) => (t >= 180 && t < 480 ? 180 : 30);
const POD_CPU_CORES = 0.25;
export const POD_MEMORY_BYTES = 100 * 1024 * 1024;

export function scenarioOpenMetrics(startUnix: number): string {
  const w = new OpenMetricsWriter(startUnix);
  const ns = { namespace: NAMESPACE };
  const hpa = { ...ns, horizontalpodautoscaler: `keda-hpa-${APP}` };
  for (let t = 0; t <= SCENARIO_SECONDS; t += STEP) {
    for (const p of PODS) {
      const phase = p.phaseAt(t);
      if (!phase) continue;
      for (const ph of POD_PHASES)
        w.add(KUBE_METRICS.podPhase, { ...ns, pod: p.name, phase: ph }, t, ph === phase ? 1 : 0);
      w.add(KUBE_METRICS.podContainerInfo, { ...ns, pod: p.name, container: APP }, t, 1);
      if (phase !== 'Running') continue;
      w.add(
        KUBE_METRICS.containerMemoryWorkingSetBytes,
        { ...ns, pod: p.name, container: APP },
        t,
        POD_MEMORY_BYTES,
      );
      w.add(
        KUBE_METRICS.containerMemoryLimitBytes,
        { ...ns, pod: p.name, container: APP },
        t,
        256 * 1024 * 1024,
      );
      w.add(
        KUBE_METRICS.containerCpuSecondsTotal,
        { ...ns, pod: p.name, container: APP },
        t,
        POD_CPU_CORES * t,
        'counter',
      );
    }
    w.add(KUBE_METRICS.hpaDesiredReplicas, hpa, t, desiredAt(t));
    w.add(KUBE_METRICS.hpaCurrentReplicas, hpa, t, desiredAt(t));
    w.add(KUBE_METRICS.deploymentReplicasReady, { ...ns, deployment: APP }, t, runningAt(t));
    w.add(
      KUBE_METRICS.deploymentReplicasReady,
      { namespace: 'monitoring', deployment: 'prometheus' },
      t,
      1,
    );
    w.add(
      KUBE_METRICS.kedaScalerMetricValue,
      { ...ns, scaledObject: APP, scaler: 'prometheusScaler', metric: 's0-prometheus' },
      t,
      metricAt(t),
    );
    // The node: its root cgroup, and what kube-state-metrics says is allocatable.
    w.add(
      KUBE_METRICS.containerCpuSecondsTotal,
      { id: '/', instance: 'node-1' },
      t,
      1.5 * t,
      'counter',
    );
    w.add(
      KUBE_METRICS.containerMemoryWorkingSetBytes,
      { id: '/', instance: 'node-1' },
      t,
      3 * 1024 ** 3,
    );
    w.add(KUBE_METRICS.nodeAllocatable, { node: 'node-1', resource: 'cpu' }, t, 2);
    w.add(KUBE_METRICS.nodeAllocatable, { node: 'node-1', resource: 'memory' }, t, 8 * 1024 ** 3);
  }
  return w.toString();
}
