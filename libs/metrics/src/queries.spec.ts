import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selector } from './promql.ts';
import { createQueries, queries } from './queries.ts';
import { DEFAULT_BUCKETS, OTEL_NAMING, OTHER_METHOD, UNMATCHED_ROUTE } from './naming.ts';

describe('canonical PromQL', () => {
  it('keeps the tutorial KEDA query byte-for-byte when unscoped', () => {
    assert.equal(queries.scalingMetric(), 'sum(rate(node_http_requests_total[2m]))');
  });

  it('scopes queries by app, route and extra labels', () => {
    assert.equal(
      queries.requestRate(
        { app: 'crocodile-api', labels: { namespace: { op: '=~', value: '$namespace' } } },
        ['route'],
      ),
      'sum by (route) (rate(node_http_requests_total{namespace=~"$namespace",appName="crocodile-api"}[2m]))',
    );
  });

  it('builds latency quantiles from histogram buckets, aggregated by le', () => {
    assert.equal(
      queries.latencyQuantile(0.99, { app: 'a', window: '1m' }, ['pod']),
      'histogram_quantile(0.99, sum by (le, pod) (rate(node_http_duration_seconds_bucket{appName="a"}[1m])))',
    );
    assert.throws(() => queries.latencyQuantile(99), /between 0 and 1, got 99/);
  });

  it('defines the error ratio as 5xx over all requests', () => {
    assert.equal(
      queries.errorRatio({ window: '30s' }),
      '(sum(rate(node_http_requests_total{status=~"5.."}[30s])) or vector(0)) / sum(rate(node_http_requests_total[30s]))',
    );
  });

  it('does not put a route matcher on process metrics', () => {
    assert.equal(
      queries.cpuCores({ app: 'a', route: '/x' }),
      'sum(rate(process_cpu_seconds_total{appName="a"}[2m]))',
    );
  });

  it('follows the naming preset', () => {
    assert.equal(
      createQueries(OTEL_NAMING).requestRate({ app: 'svc' }),
      'sum(rate(http_server_requests_total{service_name="svc"}[2m]))',
    );
  });

  it('escapes label values and rejects bad label names', () => {
    assert.equal(selector('m', { a: 'say "hi"\\' }), 'm{a="say \\"hi\\"\\\\"}');
    assert.throws(
      () => selector('m', { 'bad-name': 'x' }),
      /invalid Prometheus label name "bad-name"/,
    );
  });
});

describe('canonical PromQL: whole-run counts and the rest', () => {
  it('the series whole-run counts are read from (raw samples, across resets)', () => {
    assert.equal(queries.requestsSeries({ app: 'a' }), 'node_http_requests_total{appName="a"}');
    assert.equal(
      queries.serverErrorSeries({ app: 'a' }),
      'node_http_requests_total{appName="a",status=~"5.."}',
    );
    assert.equal(
      queries.durationBucketSeries({ app: 'a' }),
      'node_http_duration_seconds_bucket{appName="a"}',
    );
  });

  it('per-label error ratio has no vector(0): a label set without requests has no ratio', () => {
    assert.equal(
      queries.errorRatio({ app: 'a' }, ['pod']),
      'sum by (pod) (rate(node_http_requests_total{appName="a",status=~"5.."}[2m])) / sum by (pod) (rate(node_http_requests_total{appName="a"}[2m]))',
    );
    assert.equal(
      queries.statusShare({ app: 'a' }),
      'sum by (status) (rate(node_http_requests_total{appName="a"}[2m])) / scalar(sum(rate(node_http_requests_total{appName="a"}[2m])))',
    );
    assert.equal(
      queries.latencyQuantile(0.95),
      'histogram_quantile(0.95, sum by (le) (rate(node_http_duration_seconds_bucket[2m])))',
    );
    assert.throws(() => queries.latencyQuantile(0), /between 0 and 1, got 0/);
    assert.throws(() => queries.latencyQuantile(1), /between 0 and 1, got 1/);
    assert.equal(
      queries.requestRate({ app: 'a', route: '/x' }),
      'sum(rate(node_http_requests_total{appName="a",route="/x"}[2m]))',
    );
  });

  it('in-flight requests, the scaling metric with a window, and the process metrics', () => {
    assert.equal(
      queries.inFlight({ app: 'a' }, ['pod']),
      'sum by (pod) (node_http_requests_in_flight{appName="a"})',
    );
    assert.equal(queries.inFlight(), 'sum(node_http_requests_in_flight)');
    assert.equal(
      queries.scalingMetric({ app: 'a', window: '1m' }),
      'sum(rate(node_http_requests_total{appName="a"}[1m]))',
    );
    assert.equal(
      queries.residentMemoryBytes({ app: 'a' }, ['pod']),
      'sum by (pod) (process_resident_memory_bytes{appName="a"})',
    );
    assert.equal(
      queries.heapUsedBytes({ app: 'a' }),
      'sum(nodejs_heap_size_used_bytes{appName="a"})',
    );
    assert.equal(
      queries.eventLoopLagP99Seconds({ app: 'a' }),
      'max by (instance) (nodejs_eventloop_lag_p99_seconds{appName="a"})',
    );
    assert.equal(
      queries.eventLoopLagP99Seconds({ app: 'a' }, ['pod', 'instance']),
      'max by (pod, instance) (nodejs_eventloop_lag_p99_seconds{appName="a"})',
    );
    assert.equal(
      queries.cpuCores({ app: 'a', window: '30s' }, ['pod']),
      'sum by (pod) (rate(process_cpu_seconds_total{appName="a"}[30s]))',
    );
  });
});

describe('naming constants', () => {
  it('label values for unmatched routes and unknown methods that no real one can take', () => {
    // A route label is a path (it starts with /); a method label is one of HTTP's methods.
    assert.ok(!UNMATCHED_ROUTE.startsWith('/'));
    assert.ok(!['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].includes(OTHER_METHOD));
    assert.equal(OTHER_METHOD, OTHER_METHOD.toUpperCase(), 'a method label is upper case');
  });

  it('histogram buckets enough for p95 and p99, ascending, with an edge at the SLO', () => {
    assert.ok(DEFAULT_BUCKETS.length >= 8, 'enough buckets for p95 and p99');
    assert.ok(DEFAULT_BUCKETS.every((b, i) => i === 0 || b > DEFAULT_BUCKETS[i - 1]!));
    assert.ok(DEFAULT_BUCKETS.includes(0.7), 'a bucket edge at the 700 ms SLO');
  });

  it('escapes newlines in label values too', () => {
    assert.equal(selector('m', { a: 'x\ny' }), 'm{a="x\\ny"}');
  });
});
