export * from './prometheus-api.ts';
export * from './openmetrics.ts';
