/**
 * Canonical PromQL for the HTTP metrics. Every dashboard panel, alert rule, the
 * KEDA trigger and the verdict engine build their queries here.
 */
import { PROCESS_METRICS, TUTORIAL_NAMING, type MetricNaming } from './naming.ts';
import { rate, selector, sum, type Matcher, type Matchers } from './promql.ts';

export interface Scope {
  /** The app label (`appName` by default). */
  readonly app?: Matcher;
  /** A route template, e.g. `/crocodiles/:id`. */
  readonly route?: Matcher;
  /** Any other matchers, e.g. `{ namespace: { op: '=~', value: '$namespace' } }`. */
  readonly labels?: Matchers;
  /** Range for rate(); the tutorial's KEDA query uses 2m. */
  readonly window?: string;
}

export const DEFAULT_WINDOW = '2m';

export function createQueries(naming: MetricNaming = TUTORIAL_NAMING) {
  const l = naming.labels;
  const match = (s: Scope, extra: Matchers = {}): Matchers => ({
    ...s.labels,
    [l.app]: s.app,
    [l.route]: s.route,
    ...extra,
  });
  // Process metrics carry the app label but no route.
  const matchProcess = (s: Scope): Matchers => ({ ...s.labels, [l.app]: s.app });
  const win = (s: Scope) => s.window ?? DEFAULT_WINDOW;
  const requests = (s: Scope, extra: Matchers = {}) =>
    rate(selector(naming.requestsTotal, match(s, extra)), win(s));

  return {
    /** Requests per second, summed (optionally by labels such as `route` or `pod`). */
    requestRate: (s: Scope = {}, by: readonly string[] = []) => sum(requests(s), by),

    /** Fraction of requests answered with 5xx (0, not "no data", when there were none). */
    errorRatio: (s: Scope = {}, by: readonly string[] = []) => {
      const errors = sum(requests(s, { [l.status]: { op: '=~', value: '5..' } }), by);
      return `${by.length ? errors : `(${errors} or vector(0))`} / ${sum(requests(s), by)}`;
    },

    /** Share of all requests, per status code: what the errors are made of. */
    statusShare: (s: Scope = {}) => `${sum(requests(s), [l.status])} / scalar(${sum(requests(s))})`,

    /** A latency quantile (0-1) in seconds from the histogram, aggregated across pods. */
    latencyQuantile: (q: number, s: Scope = {}, by: readonly string[] = []) => {
      if (!(q > 0 && q < 1)) throw new Error(`quantile must be between 0 and 1, got ${q}`);
      const buckets = rate(selector(`${naming.requestDuration}_bucket`, match(s)), win(s));
      return `histogram_quantile(${q}, ${sum(buckets, ['le', ...by])})`;
    },

    /** The request counter's series in scope: raw samples for window increases across resets. */
    requestsSeries: (s: Scope = {}) => selector(naming.requestsTotal, match(s)),

    /** The request counter's 5xx series in scope. */
    serverErrorSeries: (s: Scope = {}) =>
      selector(naming.requestsTotal, match(s, { [l.status]: { op: '=~', value: '5..' } })),

    /** The request-duration histogram's bucket series in scope (one per `le`). */
    durationBucketSeries: (s: Scope = {}) => selector(`${naming.requestDuration}_bucket`, match(s)),

    /** Requests currently being served. */
    inFlight: (s: Scope = {}, by: readonly string[] = []) =>
      sum(selector(naming.requestsInFlight, match(s)), by),

    /**
     * The KEDA trigger: total request rate over 2m, as in the tutorial
     * (`sum(rate(node_http_requests_total[2m]))`), optionally scoped.
     */
    scalingMetric: (s: Scope = {}) => sum(requests({ ...s, window: s.window ?? '2m' })),

    /** CPU cores used per process (opt-in process metrics). */
    cpuCores: (s: Scope = {}, by: readonly string[] = []) =>
      sum(rate(selector(PROCESS_METRICS.cpuSecondsTotal, matchProcess(s)), win(s)), by),

    residentMemoryBytes: (s: Scope = {}, by: readonly string[] = []) =>
      sum(selector(PROCESS_METRICS.residentMemoryBytes, matchProcess(s)), by),

    heapUsedBytes: (s: Scope = {}, by: readonly string[] = []) =>
      sum(selector(PROCESS_METRICS.heapUsedBytes, matchProcess(s)), by),

    eventLoopLagP99Seconds: (s: Scope = {}, by: readonly string[] = ['instance']) =>
      `max by (${by.join(', ')}) (${selector(PROCESS_METRICS.eventLoopLagP99Seconds, matchProcess(s))})`,
  };
}

export type Queries = ReturnType<typeof createQueries>;

/** Queries for the tutorial-compatible names. */
export const queries: Queries = createQueries();
