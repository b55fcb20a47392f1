export * from './prometheus-api.ts';
export * from './openmetrics.ts';
export * from './native-histogram.ts';
export * from './remote-write-check.ts';
export * from './counter-increase.ts';
export * from './classic-histogram.ts';
