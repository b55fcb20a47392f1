/**
 * A run's client figures from Prometheus alone: what judges a run split over
 * several k6 processes, or a k6-operator TestRun, which leave no single summary.
 *
 * - Counts (requests, failed requests, checks evaluated and failed) are each
 *   series' last value over the run window (k6 counters only grow), summed
 *   over every series and generator.
 * - Percentiles come from k6's native histograms: each series' last
 *   (cumulative) histogram, buckets summed over series and generators, then
 *   the percentile of the sum. Exact up to the bucket width (schema 3: one
 *   bucket spans 9%), reported beside the figure; never a mean of percentiles.
 * - Thresholds are re-evaluated on these combined figures.
 */
import { K6_METRICS, k6Queries, selector } from '@loadlab/metrics';
import {
  bucketWidth,
  histogramQuantile,
  mergeHistograms,
  subtractHistogram,
  type NativeHistogram,
  type PrometheusApi,
} from '@loadlab/prometheus-client';
import type { ClientFigures } from '../model/figures.ts';
import type { RunWindow } from './collect.ts';
import {
  evaluateThresholds,
  type FigureRequest,
  type ThresholdSpecs,
} from './combined-thresholds.ts';

export interface PrometheusClientFigures {
  readonly client: ClientFigures;
  /** The widest relative bucket width behind the percentiles (0.09 = within 9%). */
  readonly percentileError: number | null;
}

/** k6 pushes every 5 s and once more at its end; read a little after that. */
const K6_PUSH_SECONDS = 5;

export async function clientFromPrometheus(
  prom: PrometheusApi,
  w: RunWindow,
  testid: string,
  thresholds: ThresholdSpecs,
): Promise<PrometheusClientFigures> {
  // What happened within the window, not what the series hold since they began: the same
  // testid may have samples from before it (an earlier run, or a TestRun's earlier runners).
  const evalAt = new Date(Math.min(Date.now(), w.end.getTime() + K6_PUSH_SECONDS * 1000));
  const startUnix = Math.floor(w.start.getTime() / 1000);
  const window = `${Math.max(1, Math.ceil(evalAt.getTime() / 1000 - startUnix))}s`;
  const seconds = Math.max(1, (w.end.getTime() - w.start.getTime()) / 1000);

  // Memoised: the thresholds ask again for figures the headline already read.
  const memo = <T>(read: (key: string) => Promise<T>) => {
    const seen = new Map<string, Promise<T>>();
    return (key: string) => seen.get(key) ?? seen.set(key, read(key)).get(key)!;
  };
  const readTotal = memo(async (key) => {
    const { metric, labels } = JSON.parse(key) as {
      metric: string;
      labels: Record<string, string>;
    };
    const [s] = await prom.query(
      k6Queries.runTotal(metric, testid, window, startUnix, labels),
      evalAt,
    );
    return s && Number.isFinite(s.value) ? s.value : null;
  });
  const total = (metric: string, labels: Record<string, string> = {}) =>
    readTotal(JSON.stringify({ metric, labels }));
  const readHistogram = memo(async (key): Promise<NativeHistogram | null> => {
    const labels = JSON.parse(key) as Record<string, string>;
    const s = selector(K6_METRICS.duration, { [K6_METRICS.label.testid]: testid, ...labels });
    const [atEnd, atStart] = await Promise.all([
      prom.lastHistograms(s, window, evalAt),
      prom.lastHistograms(s, '1h', new Date(startUnix * 1000)),
    ]);
    const before = new Map(atStart.map((x) => [JSON.stringify(x.metric), x.histogram]));
    const deltas = atEnd.map((x) =>
      subtractHistogram(x.histogram, before.get(JSON.stringify(x.metric))),
    );
    return deltas.length ? mergeHistograms(deltas) : null;
  });
  const histogram = (labels: Record<string, string> = {}) => readHistogram(JSON.stringify(labels));
  const ms = (h: NativeHistogram | null, q: number) => {
    const v = h && histogramQuantile(q, h);
    return v === null || v === undefined ? null : v * 1000;
  };

  const requests = await total(K6_METRICS.requestsTotal);
  const failed =
    requests === null
      ? null
      : ((await total(K6_METRICS.requestsTotal, {
          [K6_METRICS.label.expectedResponse]: 'false',
        })) ?? 0);
  const evaluations = await total(K6_METRICS.checkEvaluationsTotal);
  const checkFailures =
    evaluations === null ? null : ((await total(K6_METRICS.checkFailuresTotal)) ?? 0);
  const all = await histogram();
  const [gen] = await prom.query(k6Queries.instances(testid, window), evalAt);

  const figure = async ({ metric, labels, stat }: FigureRequest) => {
    const q = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
    const noData = { notJudged: `no ${metric} samples with testid ${testid} in Prometheus` };
    if (metric === 'http_req_duration') {
      if (stat === 'min' || stat === 'max')
        return {
          notJudged: `a histogram gives no exact ${stat}; k6's per-generator ${stat} is not the run's`,
        };
      const h = await histogram(labels);
      if (!h || h.count === 0) return noData;
      if (stat === 'avg') return (h.sum / h.count) * 1000;
      const v = ms(h, stat === 'med' ? 0.5 : q ? Number(q[1]) / 100 : NaN);
      return v ?? { notJudged: `"${stat}" is not a statistic loadlab combines` };
    }
    if (metric === 'http_req_failed' && stat === 'rate') {
      const n = await total(K6_METRICS.requestsTotal, labels);
      if (!n) return noData;
      return (
        ((await total(K6_METRICS.requestsTotal, {
          ...labels,
          [K6_METRICS.label.expectedResponse]: 'false',
        })) ?? 0) / n
      );
    }
    if (metric === 'checks' && stat === 'rate') {
      const n = await total(K6_METRICS.checkEvaluationsTotal, labels);
      if (!n)
        return {
          notJudged: `no checks counted for ${testid}: the suite's checks go through its check() helper`,
        };
      return 1 - ((await total(K6_METRICS.checkFailuresTotal, labels)) ?? 0) / n;
    }
    const counters: Record<string, string> = {
      http_reqs: K6_METRICS.requestsTotal,
      iterations: K6_METRICS.iterationsTotal,
      dropped_iterations: K6_METRICS.droppedIterationsTotal,
    };
    if (counters[metric] && (stat === 'count' || stat === 'rate')) {
      // A counter that never moved has no series: dropped_iterations stays absent while nothing drops.
      const n = (await total(counters[metric]!, labels)) ?? 0;
      return stat === 'count' ? n : n / seconds;
    }
    return { notJudged: `${metric} ${stat} is not combined across generators by loadlab` };
  };

  const client: ClientFigures = {
    requests: requests ?? 0,
    rate: (requests ?? 0) / seconds,
    p95Ms: ms(all, 0.95),
    p99Ms: ms(all, 0.99),
    errorRate: requests ? (failed ?? 0) / requests : null,
    checksRate: evaluations ? 1 - (checkFailures ?? 0) / evaluations : null,
    thresholds: await evaluateThresholds(thresholds, figure),
    generators: gen?.value ?? 0,
    source: 'prometheus',
  };
  return { client, percentileError: all ? bucketWidth(all) : null };
}
