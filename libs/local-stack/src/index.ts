export { type RunningPrometheus, startPrometheus } from './prometheus.ts';
export { type RunningInfluxdb, startInfluxdb } from './influxdb.ts';
export { type RunningApi, startCrocodileApi } from './crocodile-api.ts';
