import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import express from 'express';
import { Registry } from 'prom-client';
import { findSamples, listen, parsePrometheusText, type Listening } from '@loadlab/testkit';
import { createHttpMetrics, type HttpMetricsOptions } from './http-metrics.ts';
import { DEFAULT_BUCKETS, OTEL_NAMING, UNMATCHED_ROUTE } from './naming.ts';

async function startApp(options: Partial<HttpMetricsOptions> = {}) {
  const registry = new Registry();
  const metrics = createHttpMetrics({ registry, appName: 'test-app', ...options });
  const app = express();
  app.use(metrics.middleware);
  app.get('/metrics', metrics.metricsHandler);
  app.get('/items/:id', (req, res) => {
    res.status(req.params.id === 'missing' ? 404 : 200).json({ id: req.params.id });
  });
  app.get('/slow', (_req, res) => {
    setTimeout(() => res.json({ ok: true }), 150);
  });
  app.get('/livez', (_req, res) => res.send('ok'));
  const server = await listen(app);
  servers.push(server);
  const scrape = async () => {
    const res = await fetch(`${server.url}/metrics`);
    return { res, samples: parsePrometheusText(await res.text()) };
  };
  return { server, registry, scrape };
}

const servers: Listening[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

describe('createHttpMetrics', () => {
  it('counts requests by method, route template and status, with the app label', async () => {
    const { server, scrape } = await startApp();
    for (const id of ['1', '2', '3']) await (await fetch(`${server.url}/items/${id}`)).text();
    await (await fetch(`${server.url}/items/missing`)).text();

    const { samples } = await scrape();
    const ok = findSamples(samples, 'node_http_requests_total', {
      route: '/items/:id',
      status: '200',
    });
    assert.equal(ok.length, 1, 'one series for three different ids');
    assert.deepEqual(ok[0]!.labels, {
      appName: 'test-app',
      method: 'GET',
      route: '/items/:id',
      status: '200',
    });
    assert.equal(ok[0]!.value, 3);
    const notFound = findSamples(samples, 'node_http_requests_total', { status: '404' });
    assert.equal(notFound[0]?.value, 1);
  });

  it('records a histogram with the default 1 ms to 10 s buckets', async () => {
    const { server, scrape } = await startApp();
    await (await fetch(`${server.url}/slow`)).text();
    const { samples } = await scrape();
    const buckets = findSamples(samples, 'node_http_duration_seconds_bucket', { route: '/slow' });
    assert.deepEqual(
      buckets.map((b) => b.labels.le),
      [...DEFAULT_BUCKETS.map(String), '+Inf'],
    );
    assert.equal(DEFAULT_BUCKETS[0], 0.001);
    assert.equal(DEFAULT_BUCKETS.at(-1), 10);
    // The request slept 150 ms: it is above the 0.1 s bucket and within 1 s.
    const le = (v: string) => buckets.find((b) => b.labels.le === v)!.value;
    assert.equal(le('0.1'), 0);
    assert.equal(le('1'), 1);
    const [sum] = findSamples(samples, 'node_http_duration_seconds_sum', { route: '/slow' });
    assert.ok(sum!.value >= 0.15 && sum!.value < 1, `duration sum ${sum!.value}`);
  });

  it('uses configured buckets', async () => {
    const { server, scrape } = await startApp({ buckets: [0.5, 2] });
    await (await fetch(`${server.url}/items/1`)).text();
    const buckets = findSamples((await scrape()).samples, 'node_http_duration_seconds_bucket');
    assert.deepEqual(
      buckets.map((b) => b.labels.le),
      ['0.5', '2', '+Inf'],
    );
  });

  it('serves /metrics with the registry content type', async () => {
    const { registry, scrape } = await startApp();
    const { res } = await scrape();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), registry.contentType);
  });

  it('does not measure ignored routes (/metrics and the health endpoints by default)', async () => {
    const { server, scrape } = await startApp();
    await (await fetch(`${server.url}/livez`)).text();
    await scrape();
    const { samples } = await scrape();
    assert.equal(findSamples(samples, 'node_http_requests_total').length, 0);
  });

  it('labels unmatched requests with one constant and keeps cardinality bounded over 10,000 random URLs', async () => {
    const { server, scrape } = await startApp();
    const randomPath = () =>
      '/' +
      Array.from({ length: (1 + Math.random() * 4) | 0 }, () =>
        Math.random().toString(36).slice(2),
      ).join('/');
    const urls = Array.from({ length: 10_000 }, (_, i) =>
      i % 2 ? randomPath() : `/items/${Math.random()}`,
    );
    // 50 at a time: loopback only and bounded.
    for (let i = 0; i < urls.length; i += 50) {
      await Promise.all(
        urls.slice(i, i + 50).map(async (u) => (await fetch(server.url + u)).arrayBuffer()),
      );
    }
    const series = findSamples((await scrape()).samples, 'node_http_requests_total');
    const routes = new Set(series.map((s) => s.labels.route));
    assert.deepEqual([...routes].sort(), ['/items/:id', UNMATCHED_ROUTE].sort());
    assert.ok(series.length <= 4, `${series.length} series`);
    assert.equal(
      series.reduce((n, s) => n + s.value, 0),
      10_000,
    );
  });

  it('keeps registries isolated: two apps in one process, no "already registered"', async () => {
    const a = await startApp();
    const b = await startApp();
    await (await fetch(`${a.server.url}/items/1`)).text();
    await (await fetch(`${a.server.url}/items/2`)).text();
    await (await fetch(`${b.server.url}/items/1`)).text();
    const count = async (app: typeof a) =>
      findSamples((await app.scrape()).samples, 'node_http_requests_total')[0]!.value;
    assert.equal(await count(a), 2);
    assert.equal(await count(b), 1);
  });

  it('tracks requests in flight', async () => {
    const { server, scrape } = await startApp();
    const slow = fetch(`${server.url}/slow`);
    await new Promise((r) => setTimeout(r, 50));
    const during = findSamples((await scrape()).samples, 'node_http_requests_in_flight')[0]!.value;
    await (await slow).text();
    const afterwards = findSamples((await scrape()).samples, 'node_http_requests_in_flight')[0]!
      .value;
    assert.equal(during, 1);
    assert.equal(afterwards, 0);
  });

  it('collects process metrics only when asked', async () => {
    const without = await startApp();
    assert.equal(
      findSamples((await without.scrape()).samples, 'process_cpu_seconds_total').length,
      0,
    );
    const withProcess = await startApp({ processMetrics: true });
    const cpu = findSamples((await withProcess.scrape()).samples, 'process_cpu_seconds_total');
    assert.equal(cpu[0]?.labels.appName, 'test-app');
  });

  it('survives a throwing route resolver', async () => {
    const { server, scrape } = await startApp({
      resolveRoute: () => {
        throw new Error('resolver bug');
      },
    });
    assert.equal((await fetch(`${server.url}/items/1`)).status, 200);
    const [s] = findSamples((await scrape()).samples, 'node_http_requests_total');
    assert.equal(s!.labels.route, UNMATCHED_ROUTE);
  });

  it('supports the OpenTelemetry naming preset', async () => {
    const { server, scrape } = await startApp({ naming: OTEL_NAMING });
    await (await fetch(`${server.url}/items/1`)).text();
    const { samples } = await scrape();
    const [s] = findSamples(samples, 'http_server_request_duration_seconds_count');
    assert.deepEqual(s!.labels, {
      service_name: 'test-app',
      http_request_method: 'GET',
      http_route: '/items/:id',
      http_response_status_code: '200',
    });
  });
});
