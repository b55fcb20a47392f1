import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selector } from './promql.ts';
import { createQueries, queries } from './queries.ts';
import { OTEL_NAMING } from './naming.ts';

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
