/**
 * The local Prometheus of the e2e: the real crocodile-api process, labelled as the pod of the
 * Deployment it stands for (kwok's pods run nothing), and kube-state-metrics with its own labels.
 */
import { APP_JOB, GLOBAL, TARGET_LABELS } from '@loadlab/prometheus-config';

export function e2ePrometheusConfig(o: {
  api: string;
  kubeStateMetrics: string;
  namespace: string;
}) {
  return {
    global: GLOBAL,
    scrape_configs: [
      {
        job_name: APP_JOB,
        static_configs: [
          {
            targets: [o.api],
            labels: {
              [TARGET_LABELS.namespace]: o.namespace,
              [TARGET_LABELS.pod]: 'crocodile-api-local-process',
            },
          },
        ],
      },
      {
        job_name: 'kube-state-metrics',
        // kube-state-metrics' namespace/deployment labels describe the objects, not the scrape target.
        honor_labels: true,
        static_configs: [{ targets: [o.kubeStateMetrics] }],
      },
    ],
  };
}
