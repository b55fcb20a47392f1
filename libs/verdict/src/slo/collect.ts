/**
 * Reads a run from its k6 summary and from Prometheus over the run's window.
 * Every PromQL expression comes from @loadlab/metrics' canonical builders.
 */
import type { K6Summary } from '@loadlab/k6-runner';
import { thresholdResults } from '@loadlab/k6-runner';
import { bucketQuantile, type PrometheusApi } from '@loadlab/prometheus-client';
import { k6Queries, queries, TUTORIAL_NAMING, type Scope } from '@loadlab/metrics';
import { SCALING_POLICY } from '@loadlab/scaling';
import {
  maxOf,
  type ClientFigures,
  type RunSeries,
  type Series,
  type ServerFigures,
} from '../model/figures.ts';
import { readCounter, readCounterBy, type Span } from './window-increase.ts';

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
  // Whole-run figures are read one scrape after the end, from the last sample at or before the
  // start: a short run between two scrapes still counts.
  const evalAt = new Date(Math.min(Date.now(), w.end.getTime() + SCRAPE_SECONDS * 1000));
  const seconds = Math.max(1, Math.round((w.end.getTime() - w.start.getTime()) / 1000));
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

  // Whole-run counts are what each series gained over the window, across resets (a restarted
  // API counts from zero again), from raw samples: no `@`, so any Prometheus 2.x answers.
  const startUnix = Math.floor(w.start.getTime() / 1000);
  const span: Span = {
    start: new Date(startUnix * 1000),
    evalAt,
    window: `${Math.max(1, Math.ceil(evalAt.getTime() / 1000 - startUnix))}s`,
    testid,
    restartsAllowed: true,
  };
  const requests = await readCounter(prom, queries.requestsSeries(scope), span);
  const machine = {
    cpuCoresMax: maxOf(series.cpuCores),
    rssMaxBytes: (maxOf(series.rssMiB) ?? 0) * 1024 * 1024 || null,
    eventLoopLagMaxMs: maxOf(series.eventLoopLagMs),
  };
  if (requests.value === null) {
    // Not an error of the run: the server-side checks say "not judged", naming the fix.
    const missing =
      requests.problem ??
      `no ${TUTORIAL_NAMING.requestsTotal} series for ${JSON.stringify(scope.app)} in Prometheus at ${prom.url}: is crocodile-api scraped?`;
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
  const total = requests.value;
  const byStatus = await readCounterBy(prom, queries.requestsSeries(scope), span, 'status');
  const statusShare: Record<string, number> = {};
  for (const [status, n] of byStatus.value ?? [])
    if (status && total > 0) statusShare[status] = n / total;
  // The counter was read, so a missing 5xx series means none happened (prom-client creates a
  // status's series on its first request).
  const errors = await readCounter(prom, queries.serverErrorSeries(scope), span);
  const buckets = await readCounterBy(prom, queries.durationBucketSeries(scope), span, 'le');
  const quantileMs = (q: number) => {
    const v = buckets.value && bucketQuantile(q, buckets.value);
    return v === null || v === undefined ? null : v * 1000;
  };
  const problems = {
    ...(errors.problem ? { errorRatio: errors.problem } : {}),
    ...(buckets.problem ? { p95Ms: buckets.problem } : {}),
  };
  const server: ServerFigures = {
    requests: Math.round(total),
    rate: total / seconds,
    p95Ms: quantileMs(0.95),
    p99Ms: quantileMs(0.99),
    errorRatio: total > 0 ? (errors.value ?? 0) / total : null,
    statusShare,
    ...machine,
    ...(Object.keys(problems).length ? { problems } : {}),
  };
  return { server, series };
}
