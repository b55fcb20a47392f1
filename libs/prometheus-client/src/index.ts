export {
  type NativeHistogram,
  PrometheusApi,
  PrometheusQueryError,
  type RawSeries,
} from './prometheus-api.ts';
export { backfill, OpenMetricsWriter, scenarioStart } from './openmetrics.ts';
export { bucketWidth, histogramQuantile, mergeHistograms } from './native-histogram.ts';
export { queryUrlOf, remoteWriteProblem } from './remote-write-check.ts';
export { counterIncrease, histogramIncrease, type Sample } from './counter-increase.ts';
export { bucketQuantile } from './classic-histogram.ts';
