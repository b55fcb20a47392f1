export * from './naming.ts';
export * from './promql.ts';
export * from './queries.ts';
export * from './route-resolvers.ts';
export * from './http-metrics.ts';
export * from './k6-queries.ts';
export * from './kube-queries.ts';
export * from './workload-queries.ts';
