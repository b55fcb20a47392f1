/** The cluster-side PromQL, as Prometheus will read it: kube-state-metrics, cAdvisor and KEDA. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kubeQueries } from './kube-queries.ts';

const k = { namespace: 'default', app: 'crocodile-api' };
const grafana = {
  namespace: { op: '=~' as const, value: '$namespace' },
  app: { op: '=~' as const, value: '$app' },
  window: '1m',
};

describe('kube-state-metrics queries', () => {
  it('replica counts of the Deployment and of the HPA KEDA created (keda-hpa-<name>)', () => {
    assert.equal(
      kubeQueries.hpaDesired(k),
      'sum(kube_horizontalpodautoscaler_status_desired_replicas{namespace="default",horizontalpodautoscaler="keda-hpa-crocodile-api"})',
    );
    assert.equal(
      kubeQueries.hpaDesired(grafana),
      'sum(kube_horizontalpodautoscaler_status_desired_replicas{namespace=~"$namespace",horizontalpodautoscaler=~"keda-hpa-$app"})',
    );
    assert.equal(
      kubeQueries.hpaCurrent(k),
      'sum(kube_horizontalpodautoscaler_status_current_replicas{namespace="default",horizontalpodautoscaler="keda-hpa-crocodile-api"})',
    );
    assert.equal(
      kubeQueries.readyReplicas(k),
      'sum(kube_deployment_status_replicas_ready{namespace="default",deployment="crocodile-api"})',
    );
    assert.equal(
      kubeQueries.deploymentsReady('default'),
      'sum by (deployment) (kube_deployment_status_replicas_ready{namespace="default"})',
    );
  });

  it("pods by phase, matched by the Deployment's pod-name prefix", () => {
    assert.equal(
      kubeQueries.pods(k, 'Running'),
      'sum(kube_pod_status_phase{namespace="default",pod=~"crocodile-api-.*",phase="Running"})',
    );
    assert.equal(
      kubeQueries.podsByPhase(grafana),
      'sum by (phase) (kube_pod_status_phase{namespace=~"$namespace",pod=~"$app-.*"})',
    );
    assert.equal(
      kubeQueries.totalPods(k),
      'count(kube_pod_container_info{namespace="default",container="crocodile-api"})',
    );
    assert.equal(
      kubeQueries.podPhases('default'),
      'sum by (phase) (kube_pod_status_phase{namespace="default"})',
    );
  });

  it("KEDA's scaler value and the containers' resources", () => {
    assert.equal(
      kubeQueries.kedaMetric(k),
      'sum(keda_scaler_metrics_value{namespace="default",scaledObject="crocodile-api"})',
    );
    assert.equal(
      kubeQueries.memoryPerPod(k),
      'sum by (pod) (container_memory_working_set_bytes{namespace="default",container="crocodile-api"})',
    );
    assert.equal(
      kubeQueries.memoryLimit(k),
      'max(container_spec_memory_limit_bytes{namespace="default",container="crocodile-api"})',
    );
    assert.equal(
      kubeQueries.cpuPerPod(k),
      'sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="default",container="crocodile-api"}[2m]))',
    );
    assert.equal(
      kubeQueries.cpuPerPod(grafana),
      'sum by (pod) (rate(container_cpu_usage_seconds_total{namespace=~"$namespace",container=~"$app"}[1m]))',
    );
  });

  it("nodes: cAdvisor's root cgroup and allocatable resources", () => {
    assert.equal(
      kubeQueries.nodeCpuCores(),
      'sum by (instance) (rate(container_cpu_usage_seconds_total{id="/"}[2m]))',
    );
    assert.equal(
      kubeQueries.nodeCpuCores('30s'),
      'sum by (instance) (rate(container_cpu_usage_seconds_total{id="/"}[30s]))',
    );
    assert.equal(
      kubeQueries.nodeMemoryBytes(),
      'sum by (instance) (container_memory_working_set_bytes{id="/"})',
    );
    assert.equal(
      kubeQueries.nodeAllocatable('cpu'),
      'sum by (node) (kube_node_status_allocatable{resource="cpu"})',
    );
  });
});
