/** The PromQL over k6's remote-write metrics, per run (testid). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { k6Queries } from './k6-queries.ts';
import { K6_METRICS } from './naming.ts';

describe('k6 queries', () => {
  it('request rate, latency stats and failures of one run', () => {
    assert.equal(k6Queries.requestRate('t1'), 'sum(rate(k6_http_reqs_total{testid="t1"}[15s]))');
    assert.equal(
      k6Queries.requestRate({ op: '=~', value: '.+' }, '1m'),
      'sum(rate(k6_http_reqs_total{testid=~".+"}[1m]))',
    );
    assert.equal(k6Queries.duration('p99', 't1'), 'max(k6_http_req_duration_p99{testid="t1"})');
    assert.equal(k6Queries.failedRate('t1'), 'avg(k6_http_req_failed_rate{testid="t1"})');
    assert.equal(K6_METRICS.durationStat('avg'), 'k6_http_req_duration_avg');
  });

  it('virtual users and checks', () => {
    assert.equal(k6Queries.vus('t1'), 'sum(k6_vus{testid="t1"})');
    assert.equal(k6Queries.checksRate('t1'), 'avg(k6_checks_rate{testid="t1"})');
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
