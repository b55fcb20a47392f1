/**
 * The cluster's Prometheus: the tutorial's six scrape jobs (API servers, nodes,
 * pods, kube-state-metrics, cAdvisor, service endpoints), on the `endpointslice`
 * role (Endpoints is deprecated), labelling targets like the local config does.
 */
import { GLOBAL } from './config.ts';
import { TARGET_LABELS } from './labels.ts';
import { kubeStateMetricsJob } from './scrape-jobs.ts';

const SA = '/var/run/secrets/kubernetes.io/serviceaccount';
const inClusterTls = {
  tls_config: { ca_file: `${SA}/ca.crt` },
  authorization: { credentials_file: `${SA}/token` },
};
/** Nodes are scraped through the API server proxy, so Prometheus needs no node network access. */
const viaApiServerProxy = (path: string, apiServer: string) => [
  { action: 'labelmap', regex: '__meta_kubernetes_node_label_(.+)' },
  { target_label: '__address__', replacement: apiServer },
  {
    source_labels: ['__meta_kubernetes_node_name'],
    regex: '(.+)',
    target_label: '__metrics_path__',
    replacement: `/api/v1/nodes/\${1}/proxy${path}`,
  },
];
/** prometheus.io/scrape, /path, /port annotations, as the tutorial uses them. */
const annotated = (kind: 'pod' | 'service') => [
  {
    source_labels: [`__meta_kubernetes_${kind}_annotation_prometheus_io_scrape`],
    action: 'keep',
    regex: 'true',
  },
  {
    source_labels: [`__meta_kubernetes_${kind}_annotation_prometheus_io_path`],
    target_label: '__metrics_path__',
    regex: '(.+)',
  },
  {
    source_labels: ['__address__', `__meta_kubernetes_${kind}_annotation_prometheus_io_port`],
    regex: '([^:]+)(?::\\d+)?;(\\d+)',
    replacement: '$1:$2',
    target_label: '__address__',
  },
  { action: 'labelmap', regex: `__meta_kubernetes_${kind}_label_(.+)` },
  { source_labels: ['__meta_kubernetes_namespace'], target_label: TARGET_LABELS.namespace },
];

export interface ClusterOptions {
  readonly alertmanager: string;
  readonly kubeStateMetrics: string;
  readonly ruleFiles: readonly string[];
  /** host:port of the API server the node jobs go through; in a pod, its Service's DNS name. */
  readonly apiServer?: string;
}

/** The API server as a pod reaches it (cluster DNS). */
export const IN_CLUSTER_API_SERVER = 'kubernetes.default.svc:443';

export function clusterPrometheusConfig(o: ClusterOptions) {
  const apiServer = o.apiServer ?? IN_CLUSTER_API_SERVER;
  return {
    global: GLOBAL,
    rule_files: [...o.ruleFiles],
    alerting: {
      alertmanagers: [{ scheme: 'http', static_configs: [{ targets: [o.alertmanager] }] }],
    },
    scrape_configs: [
      {
        job_name: 'kubernetes-apiservers',
        scheme: 'https',
        ...inClusterTls,
        kubernetes_sd_configs: [{ role: 'endpointslice' }],
        relabel_configs: [
          {
            source_labels: [
              '__meta_kubernetes_namespace',
              '__meta_kubernetes_service_name',
              '__meta_kubernetes_endpointslice_port_name',
            ],
            action: 'keep',
            regex: 'default;kubernetes;https',
          },
        ],
      },
      {
        job_name: 'kubernetes-nodes',
        scheme: 'https',
        ...inClusterTls,
        kubernetes_sd_configs: [{ role: 'node' }],
        relabel_configs: viaApiServerProxy('/metrics', apiServer),
      },
      {
        job_name: 'kubernetes-pods',
        kubernetes_sd_configs: [{ role: 'pod' }],
        relabel_configs: [
          ...annotated('pod'),
          { source_labels: ['__meta_kubernetes_pod_name'], target_label: TARGET_LABELS.pod },
        ],
      },
      kubeStateMetricsJob(o.kubeStateMetrics),
      {
        job_name: 'kubernetes-cadvisor',
        scheme: 'https',
        ...inClusterTls,
        kubernetes_sd_configs: [{ role: 'node' }],
        relabel_configs: viaApiServerProxy('/metrics/cadvisor', apiServer),
      },
      {
        job_name: 'kubernetes-service-endpoints',
        kubernetes_sd_configs: [{ role: 'endpointslice' }],
        relabel_configs: [
          ...annotated('service'),
          {
            source_labels: ['__meta_kubernetes_service_annotation_prometheus_io_scheme'],
            target_label: '__scheme__',
            regex: '(https?)',
          },
          { source_labels: ['__meta_kubernetes_service_name'], target_label: 'service' },
        ],
      },
    ],
  };
}
