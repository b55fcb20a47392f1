/** /metrics of the real app, parsed: labels, route templates, histogram buckets, process metrics. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_BUCKETS, queries, UNMATCHED_ROUTE } from '@loadlab/metrics';
import { findSamples, parsePrometheusText } from '@loadlab/testkit';
import { call, startTestApi, type TestApi } from './test-support.ts';

describe('crocodile-api /metrics', () => {
  let api: TestApi;
  const scrape = async () => {
    const res = await fetch(`${api.url}/metrics`);
    assert.equal(res.headers.get('content-type'), api.registry.contentType);
    return parsePrometheusText(await res.text());
  };
  before(async () => {
    api = await startTestApi();
    await call(`${api.url}/crocodiles`);
    await call(`${api.url}/crocodiles/1`);
    await call(`${api.url}/crocodiles/2`);
    await call(`${api.url}/crocodiles/404404`);
    await call(`${api.url}/crocodiles`, { method: 'POST', json: { name: 'X' } });
    await call(`${api.url}/random/junk/path/here`);
    await call(`${api.url}/livez`);
  });
  after(() => api.close());

  it('labels json-server routes by template, never by raw URL', async () => {
    const series = findSamples(await scrape(), 'node_http_requests_total');
    const seen = series
      .map((s) => `${s.labels.method} ${s.labels.route} ${s.labels.status} ${s.value}`)
      .sort();
    assert.deepEqual(
      seen,
      [
        'GET /crocodiles 200 1',
        'GET /crocodiles/:id 200 2',
        'GET /crocodiles/:id 404 1',
        `GET ${UNMATCHED_ROUTE} 404 1`,
        'POST /crocodiles 422 1',
      ].sort(),
    );
    assert.ok(series.every((s) => s.labels.appName === 'crocodile-api'));
  });

  it('exposes the histogram with every default bucket', async () => {
    const buckets = findSamples(await scrape(), 'node_http_duration_seconds_bucket', {
      route: '/crocodiles/:id',
      status: '200',
    });
    assert.deepEqual(
      buckets.map((b) => b.labels.le),
      [...DEFAULT_BUCKETS.map(String), '+Inf'],
    );
    assert.equal(buckets.at(-1)!.value, 2);
  });

  it('exposes the process metrics the verdict engine reads', async () => {
    const samples = await scrape();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ]) {
      assert.equal(findSamples(samples, name, { appName: 'crocodile-api' }).length, 1, name);
    }
  });

  it('serves the metric the KEDA query reads', async () => {
    assert.match(queries.scalingMetric(), /node_http_requests_total/);
    assert.ok(findSamples(await scrape(), 'node_http_requests_total').length > 0);
  });

  it('keeps the series count bounded under 2,000 random URLs', async () => {
    const count = async () => findSamples(await scrape(), 'node_http_requests_total').length;
    const before = await count();
    for (let i = 0; i < 2000; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, () =>
          call(`${api.url}/${Math.random().toString(36).slice(2)}/${i}?q=${Math.random()}`),
        ),
      );
    }
    assert.equal(await count(), before, 'random URLs all land in the existing unmatched series');
  });
});
