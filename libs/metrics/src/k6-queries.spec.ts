/** The PromQL over k6's remote-write metrics, per run (testid). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { k6Queries } from './k6-queries.ts';

describe('k6 queries', () => {
  it('request rate, latency stats and failures of one run', () => {
    assert.equal(k6Queries.requestRate('t1'), 'sum(rate(k6_http_reqs_total{testid="t1"}[15s]))');
    assert.equal(
      k6Queries.requestRate({ op: '=~', value: '.+' }, '1m'),
      'sum(rate(k6_http_reqs_total{testid=~".+"}[1m]))',
    );
    assert.equal(
      k6Queries.duration('p95', 't1', '1m'),
      'histogram_quantile(0.95, sum(rate(k6_http_req_duration_seconds{testid="t1"}[1m])))',
    );
    assert.equal(
      k6Queries.instances('t1', '90s'),
      'count(count by (instance) (max_over_time(k6_http_reqs_total{testid="t1"}[90s])))',
    );
    assert.equal(
      k6Queries.duration('p99', 't1'),
      'histogram_quantile(0.99, sum(rate(k6_http_req_duration_seconds{testid="t1"}[15s])))',
    );
    assert.equal(
      k6Queries.failedRate('t1'),
      '(sum(rate(k6_http_reqs_total{testid="t1",expected_response="false"}[15s])) or vector(0)) / sum(rate(k6_http_reqs_total{testid="t1"}[15s]))',
    );
  });

  it('virtual users and checks', () => {
    assert.equal(k6Queries.vus('t1'), 'sum(k6_vus{testid="t1"})');
    assert.equal(
      k6Queries.checksRate('t1'),
      '1 - (sum(rate(k6_check_failures_total{testid="t1"}[15s])) or vector(0)) / sum(rate(k6_check_evaluations_total{testid="t1"}[15s]))',
    );
    assert.equal(
      k6Queries.checksPerSecond('t1'),
      'sum(rate(k6_check_evaluations_total{testid="t1"}[15s]))',
    );
    assert.equal(
      k6Queries.checksPerSecond('t1', '1m'),
      'sum(rate(k6_check_evaluations_total{testid="t1"}[1m]))',
    );
  });
});
