/**
 * Prometheus configuration, one source for every place Prometheus runs: the
 * local stack (the demo and the tests) and, built on the same blocks, the cluster.
 */
import { appScrapeJob } from './scrape-jobs.ts';

/** The tutorial's intervals: scrape and evaluate every 5 s. */
export const GLOBAL = { scrape_interval: '5s', evaluation_interval: '5s' } as const;
/**
 * On one machine a scrape costs next to nothing, and each second of scrape
 * interval is a second the demo waits for the last scrape after the load.
 */
export const LOCAL_GLOBAL = { scrape_interval: '1s', evaluation_interval: '1s' } as const;

export { APP_JOB, TARGET_LABELS } from './labels.ts';

export interface LocalTarget {
  /** host:port */
  readonly address: string;
  /** Stands in for the pod name, so per-pod queries work locally too. */
  readonly pod: string;
}

/** Prometheus on one machine, scraping crocodile-api processes directly. */
export function localPrometheusConfig(targets: readonly LocalTarget[]) {
  return {
    global: LOCAL_GLOBAL,
    scrape_configs: [appScrapeJob(targets.map((t) => ({ ...t, namespace: 'local' })))],
  };
}
