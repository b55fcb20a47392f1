/**
 * Prometheus configuration, one source for every place Prometheus runs: the
 * local stack (the demo and the tests) and, built on the same blocks, the cluster.
 */

/** The tutorial's intervals: scrape and evaluate every 5 s. */
export const GLOBAL = { scrape_interval: '5s', evaluation_interval: '5s' } as const;

/** The job that scrapes crocodile-api, and the labels every target of it carries. */
export const APP_JOB = 'crocodile-api';
export const TARGET_LABELS = { namespace: 'namespace', pod: 'pod' } as const;

export interface LocalTarget {
  /** host:port */
  readonly address: string;
  /** Stands in for the pod name, so per-pod queries work locally too. */
  readonly pod: string;
}

/** Prometheus on one machine, scraping crocodile-api processes directly. */
export function localPrometheusConfig(targets: readonly LocalTarget[]) {
  return {
    global: GLOBAL,
    scrape_configs: [
      {
        job_name: APP_JOB,
        metrics_path: '/metrics',
        static_configs: targets.map((t) => ({
          targets: [t.address],
          labels: { [TARGET_LABELS.namespace]: 'local', [TARGET_LABELS.pod]: t.pod },
        })),
      },
    ],
  };
}
