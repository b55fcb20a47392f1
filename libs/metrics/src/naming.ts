/**
 * Metric and label names: the single source of truth. Dashboards, alert rules,
 * the KEDA query and the verdict engine import these instead of retyping names.
 */

export interface MetricNaming {
  readonly requestsTotal: string;
  readonly requestDuration: string;
  readonly requestsInFlight: string;
  readonly labels: {
    readonly method: string;
    readonly route: string;
    readonly status: string;
    readonly app: string;
  };
}

/** Names compatible with the tutorial, so its KEDA query keeps working. */
export const TUTORIAL_NAMING = {
  requestsTotal: 'node_http_requests_total',
  requestDuration: 'node_http_duration_seconds',
  requestsInFlight: 'node_http_requests_in_flight',
  labels: { method: 'method', route: 'route', status: 'status', app: 'appName' },
} as const satisfies MetricNaming;

/** OpenTelemetry semantic-convention names, for teams that standardise on them. */
export const OTEL_NAMING = {
  requestsTotal: 'http_server_requests_total',
  requestDuration: 'http_server_request_duration_seconds',
  requestsInFlight: 'http_server_active_requests',
  labels: {
    method: 'http_request_method',
    route: 'http_route',
    status: 'http_response_status_code',
    app: 'service_name',
  },
} as const satisfies MetricNaming;

/** prom-client's default process metrics (opt-in) that the verdict engine reads. */
export const PROCESS_METRICS = {
  cpuSecondsTotal: 'process_cpu_seconds_total',
  residentMemoryBytes: 'process_resident_memory_bytes',
  heapUsedBytes: 'nodejs_heap_size_used_bytes',
  eventLoopLagP99Seconds: 'nodejs_eventloop_lag_p99_seconds',
} as const;

/** Route label for any request that no route template matched: keeps cardinality bounded. */
export const UNMATCHED_ROUTE = '<unmatched>';

/** Label value for HTTP methods outside the standard set. */
export const OTHER_METHOD = 'OTHER';

/** Histogram buckets in seconds: 1 ms to 10 s, dense around the tutorial's 30-250 ms delay and 700 ms SLO. */
export const DEFAULT_BUCKETS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 1, 2.5, 5, 10,
];

/**
 * k6's metrics as its Prometheus remote-write output names them. loadlab turns
 * on k6's native-histogram feature: request durations arrive as one native
 * histogram per series (in seconds), which Prometheus can sum across load
 * generators before taking a percentile. Trend stats (a gauge per percentile,
 * per generator) cannot be combined: a mean of p95s is not a p95.
 */
export const K6_METRICS = {
  requestsTotal: 'k6_http_reqs_total',
  /** A native histogram, seconds. */
  duration: 'k6_http_req_duration_seconds',
  vus: 'k6_vus',
  /** loadlab's suites count every check evaluated (k6/metrics Counter 'check_evaluations'). */
  checkEvaluationsTotal: 'k6_check_evaluations_total',
  /** ... and every one that failed (Counter 'check_failures'): k6's own `checks` Rate is a per-generator ratio. */
  checkFailuresTotal: 'k6_check_failures_total',
  iterationsTotal: 'k6_iterations_total',
  droppedIterationsTotal: 'k6_dropped_iterations_total',
  label: {
    testid: 'testid',
    /** One value per load generator (`--tag instance=...`), so their series never collide. */
    instance: 'instance',
    /** k6 tags every request with whether its status was expected: `false` is http_req_failed. */
    expectedResponse: 'expected_response',
  },
} as const;

/** k6's feature flag for native histograms in its Prometheus remote-write output (K6_FEATURES). */
export const K6_NATIVE_HISTOGRAMS_FEATURE = 'native-histograms';

/** k6's InfluxDB v1 output: one measurement per metric, tagged like the samples (testid, ...). */
export const K6_INFLUX_MEASUREMENTS = {
  requests: 'http_reqs',
  duration: 'http_req_duration',
  failed: 'http_req_failed',
  vus: 'vus',
  checks: 'checks',
} as const;
