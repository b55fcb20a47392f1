/** Canonical PromQL over k6's remote-write metrics, for one run (testid) or a Grafana variable. */
import { K6_METRICS } from './naming.ts';
import { rate, selector, sum } from './promql.ts';
import type { Matcher } from './promql.ts';

export const k6Queries = {
  /** Client-side requests per second. */
  requestRate: (testid: Matcher, window = '15s') =>
    sum(rate(selector(K6_METRICS.requestsTotal, { [K6_METRICS.label.testid]: testid }), window)),
  /** A latency stat k6 computed over its push interval, in seconds. */
  duration: (stat: 'p95' | 'p99', testid: Matcher) =>
    `max(${selector(K6_METRICS.durationStat(stat), { [K6_METRICS.label.testid]: testid })})`,
  /** Share of failed requests (k6's http_req_failed). */
  failedRate: (testid: Matcher) =>
    `avg(${selector(K6_METRICS.requestFailedRate, { [K6_METRICS.label.testid]: testid })})`,
  vus: (testid: Matcher) =>
    `sum(${selector(K6_METRICS.vus, { [K6_METRICS.label.testid]: testid })})`,
  checksRate: (testid: Matcher) =>
    `avg(${selector(K6_METRICS.checksRate, { [K6_METRICS.label.testid]: testid })})`,
  /** Checks evaluated per second, passed or not. */
  checksPerSecond: (testid: Matcher, window = '15s') =>
    sum(
      rate(
        selector(K6_METRICS.checkEvaluationsTotal, { [K6_METRICS.label.testid]: testid }),
        window,
      ),
    ),
};
