export {
  DEFAULT_BUCKETS,
  K6_INFLUX_MEASUREMENTS,
  K6_METRICS,
  K6_NATIVE_HISTOGRAMS_FEATURE,
  TUTORIAL_NAMING,
  UNMATCHED_ROUTE,
} from './naming.ts';
export { type Matcher, selector } from './promql.ts';
export { queries, type Scope } from './queries.ts';
export { expressRouteTemplate, firstRoute, type RouteResolver } from './route-resolvers.ts';
export { createHttpMetrics } from './http-metrics.ts';
export { k6Queries } from './k6-queries.ts';
export { KUBE_METRICS, kubeQueries, type KubeScope, POD_PHASES } from './kube-queries.ts';
export {
  WORKLOAD_KINDS,
  WORKLOAD_METRICS,
  type WorkloadKind,
  workloadQueries,
} from './workload-queries.ts';
