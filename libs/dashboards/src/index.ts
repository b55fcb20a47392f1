import { clusterOverview } from './dashboards/cluster-overview.ts';
import { crocodileLoadTest } from './dashboards/crocodile-load-test.ts';
import { k6ResultsInfluxdb } from './dashboards/k6-results-influxdb.ts';
import { k6Results } from './dashboards/k6-results.ts';
import { workloads } from './dashboards/workloads.ts';

/** Every dashboard, by file name. */
export const DASHBOARDS = {
  'crocodile-load-test': crocodileLoadTest,
  'cluster-overview': clusterOverview,
  'k6-results': k6Results,
  'k6-results-influxdb': k6ResultsInfluxdb,
  workloads,
} as const;
