export * from './prometheus.ts';
export * from './influxdb.ts';
export * from './crocodile-api.ts';
