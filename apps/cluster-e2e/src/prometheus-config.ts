/**
 * The local Prometheus of the e2e: the real crocodile-api process, labelled as the pod of the
 * Deployment it stands for (kwok's pods run nothing), and kube-state-metrics with its own labels.
 */
import { appScrapeJob, GLOBAL, kubeStateMetricsJob } from '@loadlab/prometheus-config';

export function e2ePrometheusConfig(o: {
  api: string;
  kubeStateMetrics: string;
  namespace: string;
}) {
  return {
    global: GLOBAL,
    scrape_configs: [
      appScrapeJob([
        { address: o.api, namespace: o.namespace, pod: 'crocodile-api-local-process' },
      ]),
      kubeStateMetricsJob(o.kubeStateMetrics),
    ],
  };
}
