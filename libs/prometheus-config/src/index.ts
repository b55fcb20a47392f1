export { APP_JOB, GLOBAL, localPrometheusConfig } from './config.ts';
export { appScrapeJob, kubeStateMetricsJob } from './scrape-jobs.ts';
export { clusterPrometheusConfig, type ClusterOptions } from './cluster.ts';
export { alertRules } from './rules.ts';
