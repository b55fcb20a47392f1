/**
 * Reads a run from its k6 summary and from Prometheus over the run's window.
 * Every PromQL expression comes from @loadlab/metrics' canonical builders.
 */
import type { K6Summary } from '@loadlab/k6-runner';
import { thresholdResults } from '@loadlab/k6-runner';
import type { PrometheusApi } from '@loadlab/prometheus-client';
import { k6Queries, queries, TUTORIAL_NAMING, type Scope } from '@loadlab/metrics';
import { SCALING_POLICY } from '@loadlab/scaling';
import {
  maxOf,
  type ClientFigures,
  type RunSeries,
  type Series,
  type ServerFigures,
} from '../model/figures.ts';

export interface RunWindow {
  readonly start: Date;
  readonly end: Date;
}

export function clientFigures(summary: K6Summary): ClientFigures {
  const m = summary.metrics;
  const v = (name: string, stat: string) => m[name]?.values[stat];
  return {
    requests: v('http_reqs', 'count') ?? 0,
    rate: v('http_reqs', 'rate') ?? 0,
    p95Ms: v('http_req_duration', 'p(95)') ?? null,
    p99Ms: v('http_req_duration', 'p(99)') ?? null,
    errorRate: v('http_req_failed', 'rate') ?? null,
    checksRate: v('checks', 'rate') ?? null,
    thresholds: thresholdResults(summary),
  };
}

/** Range step: about 150 points per chart, never below Prometheus' 5 s scrape. */
function stepFor(w: RunWindow): number {
  return Math.max(5, Math.ceil((w.end.getTime() - w.start.getTime()) / 1000 / 150));
}

/** Prometheus' scrape interval in loadlab's configs (prometheus-config GLOBAL). */
const SCRAPE_SECONDS = 5;

export async function collectServer(
  prom: PrometheusApi,
  w: RunWindow,
  testid: string,
  scope: Scope = { app: SCALING_POLICY.target },
): Promise<{ server: ServerFigures; series: RunSeries }> {
  // Whole-run figures are read one scrape after the end, over a window that
  // reaches one scrape before the start: short runs fall between scrapes otherwise.
  const evalAt = new Date(Math.min(Date.now(), w.end.getTime() + SCRAPE_SECONDS * 1000));
  const seconds = Math.max(1, Math.round((w.end.getTime() - w.start.getTime()) / 1000));
  const whole: Scope = {
    ...scope,
    window: `${Math.ceil((evalAt.getTime() - w.start.getTime()) / 1000) + SCRAPE_SECONDS}s`,
  };
  const live: Scope = { ...scope, window: '15s' };
  const step = stepFor(w);
  const t0 = w.start.getTime() / 1000;

  const range = async (name: string, expr: string, scale = 1): Promise<Series> => {
    const result = await prom.queryRange(expr, w.start, evalAt, step);
    const points = (result[0]?.values ?? [])
      .filter(([, v]) => Number.isFinite(v))
      .map(([t, v]) => [t - t0, v * scale] as const);
    return { name, points };
  };
  const instant = async (expr: string): Promise<number | null> => {
    const [s] = await prom.query(expr, evalAt);
    return s && Number.isFinite(s.value) ? s.value : null;
  };

  const series: RunSeries = {
    clientRate: await range('k6 requests/s', k6Queries.requestRate(testid)),
    clientP95Ms: await range('k6 p95', k6Queries.duration('p95', testid), 1000),
    clientP99Ms: await range('k6 p99', k6Queries.duration('p99', testid), 1000),
    clientErrorRate: await range('k6 failed', k6Queries.failedRate(testid)),
    serverRate: await range('server requests/s', queries.requestRate(live)),
    serverP95Ms: await range('server p95', queries.latencyQuantile(0.95, live), 1000),
    serverP99Ms: await range('server p99', queries.latencyQuantile(0.99, live), 1000),
    serverErrorRatio: await range('server 5xx ratio', queries.errorRatio(live)),
    scalingMetric: await range('KEDA metric', SCALING_POLICY.query),
    cpuCores: await range('CPU cores', queries.cpuCores({ ...scope, window: '15s' })),
    rssMiB: await range('RSS MiB', queries.residentMemoryBytes(scope), 1 / 1024 / 1024),
    eventLoopLagMs: await range(
      'event-loop lag p99',
      queries.eventLoopLagP99Seconds(scope, []),
      1000,
    ),
  };

  const startUnix = Math.floor(w.start.getTime() / 1000);
  const requests = await instant(queries.requestsSince(startUnix, whole));
  const ms = (v: number | null) => (v === null ? null : v * 1000);
  const machine = {
    cpuCoresMax: maxOf(series.cpuCores),
    rssMaxBytes: (maxOf(series.rssMiB) ?? 0) * 1024 * 1024 || null,
    eventLoopLagMaxMs: maxOf(series.eventLoopLagMs),
  };
  if (requests === null) {
    // Not an error of the run: the server-side checks say "not judged", naming the fix.
    const missing = `no ${TUTORIAL_NAMING.requestsTotal} series for ${JSON.stringify(scope.app)} in Prometheus at ${prom.url}: is crocodile-api scraped?`;
    const server: ServerFigures = {
      requests: null,
      missing,
      rate: null,
      p95Ms: null,
      p99Ms: null,
      errorRatio: null,
      statusShare: {},
      ...machine,
    };
    return { server, series };
  }
  const statusShare: Record<string, number> = {};
  for (const s of await prom.query(queries.statusShareSince(startUnix, whole), evalAt)) {
    if (s.metric.status && Number.isFinite(s.value)) statusShare[s.metric.status] = s.value;
  }
  const server: ServerFigures = {
    requests: Math.round(requests),
    rate: requests / seconds,
    p95Ms: ms(await instant(queries.latencyQuantileSince(0.95, startUnix, whole))),
    p99Ms: ms(await instant(queries.latencyQuantileSince(0.99, startUnix, whole))),
    // The counter was read, so a missing 5xx series means none happened (prom-client creates a
    // status's series on its first request).
    errorRatio: (await instant(queries.errorRatioSince(startUnix, whole))) ?? 0,
    statusShare,
    ...machine,
  };
  return { server, series };
}
