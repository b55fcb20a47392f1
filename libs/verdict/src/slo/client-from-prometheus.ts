/**
 * A run's client figures from Prometheus alone: what judges a run split over
 * several k6 processes, or a k6-operator TestRun, which leave no single summary.
 *
 * - Counts (requests, failed requests, checks evaluated and failed) are what each
 *   series gained over the window, across counter resets as Prometheus counts them
 *   (`counterIncrease`), summed over every series and generator. Read from the raw
 *   samples, so no `@` modifier is needed.
 * - Percentiles come from k6's native histograms: what each series gained over the
 *   window (resets included), buckets summed over series and generators, then the
 *   percentile of the sum. Exact up to the bucket width (schema 3: one bucket spans
 *   9%), reported beside the figure; never a mean of percentiles.
 * - Every figure is validated: a NaN, a negative count or a broken histogram makes
 *   the figure "not judged" with the reason, never a zero.
 * - Thresholds are re-evaluated on these combined figures.
 */
import { K6_METRICS, k6Queries, selector } from '@loadlab/metrics';
import {
  bucketWidth,
  histogramQuantile,
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
import { readCounter, readHistogram, type Read } from './window-increase.ts';

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
  const start = new Date(Math.floor(w.start.getTime() / 1000) * 1000);
  const window = `${Math.max(1, Math.ceil((evalAt.getTime() - start.getTime()) / 1000))}s`;
  const seconds = Math.max(1, (w.end.getTime() - w.start.getTime()) / 1000);
  const span = { start, evalAt, window, testid };
  const sel = (metric: string, labels: Record<string, string>) =>
    selector(metric, { [K6_METRICS.label.testid]: testid, ...labels });

  // Memoised: the thresholds ask again for figures the headline already read.
  const memo = <T>(read: (key: string) => Promise<T>) => {
    const seen = new Map<string, Promise<T>>();
    return (key: string) => seen.get(key) ?? seen.set(key, read(key)).get(key)!;
  };
  const readTotal = memo((key) => {
    const { metric, labels } = JSON.parse(key) as {
      metric: string;
      labels: Record<string, string>;
    };
    return readCounter(prom, sel(metric, labels), span);
  });
  const total = (metric: string, labels: Record<string, string> = {}) =>
    readTotal(JSON.stringify({ metric, labels }));
  const readHist = memo((key) =>
    readHistogram(prom, sel(K6_METRICS.duration, JSON.parse(key) as Record<string, string>), span),
  );
  const histogram = (labels: Record<string, string> = {}) => readHist(JSON.stringify(labels));
  const failedOf = (labels: Record<string, string>) =>
    total(K6_METRICS.requestsTotal, { ...labels, [K6_METRICS.label.expectedResponse]: 'false' });

  /** part / whole, with the reason when either is unsound; a part with no series is none. */
  const share = (part: Read<number>, whole: Read<number>, what: string) => {
    const problem = whole.problem ?? part.problem;
    if (problem) return { value: null, problem };
    if (!whole.value) return { value: null };
    const p = part.value ?? 0;
    if (p > whole.value)
      return {
        value: null,
        problem: `${what} (${p}) exceed their total (${whole.value}) for testid ${testid}: the series disagree (a broken or mixed source)`,
      };
    return { value: p / whole.value };
  };

  const requests = await total(K6_METRICS.requestsTotal);
  const errors = share(await failedOf({}), requests, 'failed requests');
  const checks = share(
    await total(K6_METRICS.checkFailuresTotal),
    await total(K6_METRICS.checkEvaluationsTotal),
    'failed checks',
  );
  const all = await histogram();
  const ms = (h: Read<NativeHistogram>, q: number) => {
    const v = h.value && h.value.count > 0 ? histogramQuantile(q, h.value) : null;
    return v === null ? null : v * 1000;
  };
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
      if (h.problem) return { notJudged: h.problem };
      if (!h.value || h.value.count === 0) return noData;
      if (stat === 'avg') return (h.value.sum / h.value.count) * 1000;
      const v = ms(h, stat === 'med' ? 0.5 : q ? Number(q[1]) / 100 : NaN);
      return v ?? { notJudged: `"${stat}" is not a statistic loadlab combines` };
    }
    if (metric === 'http_req_failed' && stat === 'rate') {
      const r = share(
        await failedOf(labels),
        await total(K6_METRICS.requestsTotal, labels),
        'failed requests',
      );
      return r.problem ? { notJudged: r.problem } : (r.value ?? noData);
    }
    if (metric === 'checks' && stat === 'rate') {
      const r = share(
        await total(K6_METRICS.checkFailuresTotal, labels),
        await total(K6_METRICS.checkEvaluationsTotal, labels),
        'failed checks',
      );
      if (r.problem) return { notJudged: r.problem };
      return r.value === null
        ? {
            notJudged: `no checks counted for ${testid}: the suite's checks go through its check() helper`,
          }
        : 1 - r.value;
    }
    const counters: Record<string, string> = {
      http_reqs: K6_METRICS.requestsTotal,
      iterations: K6_METRICS.iterationsTotal,
      dropped_iterations: K6_METRICS.droppedIterationsTotal,
    };
    if (counters[metric] && (stat === 'count' || stat === 'rate')) {
      const n = await total(counters[metric]!, labels);
      if (n.problem) return { notJudged: n.problem };
      // A counter that never moved has no series: dropped_iterations stays absent while nothing drops.
      return stat === 'count' ? (n.value ?? 0) : (n.value ?? 0) / seconds;
    }
    return { notJudged: `${metric} ${stat} is not combined across generators by loadlab` };
  };

  const problems = {
    ...(requests.problem ? { requests: requests.problem } : {}),
    ...(errors.problem ? { errorRate: errors.problem } : {}),
    ...(checks.problem ? { checksRate: checks.problem } : {}),
    ...(all.problem ? { p95Ms: all.problem, p99Ms: all.problem } : {}),
  };
  const n = requests.problem ? 0 : (requests.value ?? 0);
  const client: ClientFigures = {
    requests: n,
    rate: n / seconds,
    p95Ms: ms(all, 0.95),
    p99Ms: ms(all, 0.99),
    errorRate: errors.value,
    checksRate: checks.value === null ? null : 1 - checks.value,
    thresholds: await evaluateThresholds(thresholds, figure),
    generators: gen && Number.isFinite(gen.value) && gen.value >= 0 ? gen.value : 0,
    source: 'prometheus',
    ...(Object.keys(problems).length ? { problems } : {}),
  };
  return { client, percentileError: all.value ? bucketWidth(all.value) : null };
}
