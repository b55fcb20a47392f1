/**
 * The scrape jobs every Prometheus of loadlab shares (local, compose, the e2e, the cluster),
 * built in one place so that they cannot drift apart.
 */
import { APP_JOB, TARGET_LABELS } from './labels.ts';

export interface AppTarget {
  /** host:port */
  readonly address: string;
  /** The namespace the target stands for: `local`, `compose`, or the e2e's namespace. */
  readonly namespace: string;
  /** The pod it stands for, so per-pod queries work outside a cluster too. */
  readonly pod: string;
}

/** crocodile-api at fixed addresses, each target labelled as the pod it stands for. */
export function appScrapeJob(targets: readonly AppTarget[]) {
  return {
    job_name: APP_JOB,
    metrics_path: '/metrics',
    static_configs: targets.map((t) => ({
      targets: [t.address],
      labels: { [TARGET_LABELS.namespace]: t.namespace, [TARGET_LABELS.pod]: t.pod },
    })),
  };
}

export const KUBE_STATE_METRICS_JOB = 'kube-state-metrics';

/**
 * kube-state-metrics with honor_labels: its namespace/deployment/pod labels describe the
 * Kubernetes objects, not the scrape target. Without it, any target label of the same name
 * (one set on the target, or added by discovery as in kube-prometheus's ServiceMonitor, which
 * sets honorLabels for this reason) would win, and the object's own label would become
 * exported_namespace, so every kube_* query by namespace would silently match nothing.
 */
export function kubeStateMetricsJob(address: string) {
  return {
    job_name: KUBE_STATE_METRICS_JOB,
    honor_labels: true,
    static_configs: [{ targets: [address] }],
  };
}
