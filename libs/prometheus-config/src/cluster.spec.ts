/** The cluster config's API server address is a parameter: a host Prometheus passes its own. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { clusterPrometheusConfig } from './cluster.ts';

const base = { alertmanager: 'am:9093', kubeStateMetrics: 'ksm:8080', ruleFiles: [] };
const addresses = (c: ReturnType<typeof clusterPrometheusConfig>) =>
  c.scrape_configs.flatMap((j) =>
    ('relabel_configs' in j ? (j.relabel_configs as object[]) : [])
      .filter((r) => 'target_label' in r && r.target_label === '__address__' && !('regex' in r))
      .map((r) => `${j.job_name} ${(r as { replacement: string }).replacement}`),
  );

it('the node jobs reach the API server by its in-cluster name, or by the apiServer given', () => {
  assert.deepEqual(addresses(clusterPrometheusConfig(base)), [
    'kubernetes-nodes kubernetes.default.svc:443',
    'kubernetes-cadvisor kubernetes.default.svc:443',
  ]);
  const host = clusterPrometheusConfig({ ...base, apiServer: '127.0.0.1:6443' });
  assert.deepEqual(addresses(host), [
    'kubernetes-nodes 127.0.0.1:6443',
    'kubernetes-cadvisor 127.0.0.1:6443',
  ]);
  assert.doesNotMatch(JSON.stringify(host), /kubernetes\.default\.svc/);
});
