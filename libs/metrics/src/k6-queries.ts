/** Canonical PromQL over k6's remote-write metrics, for one run (testid) or a Grafana variable. */
import { K6_METRICS } from './naming.ts';
import { rate, selector, sum } from './promql.ts';
import type { Matcher } from './promql.ts';

const run = (testid: Matcher, extra: Record<string, string> = {}) => ({
  [K6_METRICS.label.testid]: testid,
  ...extra,
});
const failed = { [K6_METRICS.label.expectedResponse]: 'false' };

export const k6Queries = {
  /** Client-side requests per second, all generators. */
  requestRate: (testid: Matcher, window = '15s') =>
    sum(rate(selector(K6_METRICS.requestsTotal, run(testid)), window)),
  /** A latency percentile over the window, from every generator's histogram summed, in seconds. */
  duration: (stat: 'p95' | 'p99', testid: Matcher, window = '15s') =>
    `histogram_quantile(${stat === 'p95' ? 0.95 : 0.99}, ${sum(rate(selector(K6_METRICS.duration, run(testid)), window))})`,
  /** Share of failed requests (k6's http_req_failed), counted over all generators. */
  // `or vector(0)`: k6 creates the failed series only at the first failure.
  failedRate: (testid: Matcher, window = '15s') =>
    `(${sum(rate(selector(K6_METRICS.requestsTotal, run(testid, failed)), window))} or vector(0)) / ${sum(rate(selector(K6_METRICS.requestsTotal, run(testid)), window))}`,
  vus: (testid: Matcher) => sum(selector(K6_METRICS.vus, run(testid))),
  /** Share of checks passed, counted over all generators. */
  checksRate: (testid: Matcher, window = '15s') =>
    `1 - (${sum(rate(selector(K6_METRICS.checkFailuresTotal, run(testid)), window))} or vector(0)) / ${sum(rate(selector(K6_METRICS.checkEvaluationsTotal, run(testid)), window))}`,
  /** Checks evaluated per second, passed or not. */
  checksPerSecond: (testid: Matcher, window = '15s') =>
    sum(rate(selector(K6_METRICS.checkEvaluationsTotal, run(testid)), window)),
  /** Generators that sent samples for the run. */
  instances: (testid: Matcher, window: string) =>
    `count(count by (${K6_METRICS.label.instance}) (max_over_time(${selector(K6_METRICS.requestsTotal, run(testid))}[${window}])))`,
};
