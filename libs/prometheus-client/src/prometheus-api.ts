/**
 * A small client for Prometheus' HTTP query API. Every answer is checked for the shape that was
 * asked for: anything else (an HTML page, an error status, no data, a null result, the wrong
 * result type, histograms where floats were asked) is a PrometheusQueryError naming the cause and
 * the fix, never a TypeError deep in a caller.
 */
import { parseAnswer, PrometheusQueryError, type RawHistogram } from './prometheus-answer.ts';

export { PrometheusQueryError } from './prometheus-answer.ts';

export interface VectorSample {
  readonly metric: Readonly<Record<string, string>>;
  /** May be NaN or ±Inf: Prometheus answers them as "NaN", "+Inf", "-Inf". Callers validate. */
  readonly value: number;
  readonly time: number;
}

export interface RangeSeries {
  readonly metric: Readonly<Record<string, string>>;
  /** [unix seconds, value] */
  readonly values: readonly (readonly [number, number])[];
}

/** A native histogram as the HTTP API returns it; buckets are [boundary rule, lower, upper, count]. */
export interface NativeHistogram {
  readonly count: number;
  readonly sum: number;
  readonly buckets: readonly (readonly [number, number, number, number])[];
}

/** One series' raw samples from a range selector: floats, or native histograms. */
export interface RawSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly floats: readonly (readonly [number, number])[];
  readonly histograms: readonly (readonly [number, NativeHistogram])[];
}

/** How long one query may take: a shared Prometheus under load answers slowly, not never. */
export const QUERY_TIMEOUT_MS = 30_000;

/** A sample value as the API writes it: Go's "+Inf" and "-Inf" are not JavaScript's. */
export const sampleValue = (v: unknown): number =>
  v === '+Inf' || v === 'Inf' ? Infinity : v === '-Inf' ? -Infinity : Number(v);

/** A sample's Unix time; anything else is a malformed answer. */
const sampleTime = (t: unknown): number => {
  const n = Number(t);
  if (!Number.isFinite(n)) throw new Error(`a sample time of ${JSON.stringify(t)}`);
  return n;
};

const toHistogram = (h: RawHistogram): NativeHistogram => ({
  count: sampleValue(h?.count),
  sum: sampleValue(h?.sum),
  buckets: (h?.buckets ?? []).map(
    ([rule, lo, hi, n]) =>
      [Number(rule), sampleValue(lo), sampleValue(hi), sampleValue(n)] as const,
  ),
});

export class PrometheusApi {
  readonly url: string;
  readonly timeoutMs: number;
  constructor(url: string, timeoutMs = QUERY_TIMEOUT_MS) {
    this.url = url.replace(/\/+$/, '');
    this.timeoutMs = timeoutMs;
  }

  async #get(path: string, params: Record<string, string>): Promise<unknown> {
    const url = `${this.url}${path}?${new URLSearchParams(params)}`;
    const what = `Prometheus at ${this.url}`;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
      text = await res.text();
    } catch (err) {
      const e = err as Error;
      if (e.name === 'TimeoutError')
        throw new PrometheusQueryError(
          `${what} did not answer ${path} within ${this.timeoutMs / 1000} s for ${params.query ?? ''}: is it overloaded? Try a shorter window (--start/--end), or a Prometheus closer to you`,
        );
      throw new PrometheusQueryError(
        `${what} is unreachable: ${String(e.cause ?? e.message)}: is it running, and is --prometheus right?`,
      );
    }
    return parseAnswer(text, res.status, { what, path, query: params.query ?? '' });
  }

  /** An instant query; scalar results come back as one sample with no labels. */
  async query(expr: string, time?: Date): Promise<VectorSample[]> {
    const params: Record<string, string> = { query: expr };
    if (time) params.time = String(time.getTime() / 1000);
    const data = (await this.#get('/api/v1/query', params)) as {
      resultType: string;
      result: unknown;
    };
    const wrong = (why: string) =>
      new PrometheusQueryError(
        `Prometheus at ${this.url} answered ${expr} with ${why} where an instant vector was expected: is --prometheus a Prometheus-compatible API?`,
      );
    if (data.resultType === 'scalar') {
      const r = data.result as [number, string];
      if (!Array.isArray(r)) throw wrong('a malformed scalar');
      return [{ metric: {}, time: sampleTime(r[0]), value: sampleValue(r[1]) }];
    }
    if (data.resultType !== 'vector') throw wrong(`resultType ${JSON.stringify(data.resultType)}`);
    return this.#shaped(expr, () =>
      (data.result as { metric?: Record<string, string>; value?: [number, string] }[]).map((r) => {
        if (!Array.isArray(r?.value)) throw wrong('a sample without a value (a histogram?)');
        return {
          metric: r.metric ?? {},
          time: sampleTime(r.value[0]),
          value: sampleValue(r.value[1]),
        };
      }),
    );
  }

  async queryRange(
    expr: string,
    start: Date,
    end: Date,
    stepSeconds: number,
  ): Promise<RangeSeries[]> {
    const data = (await this.#get('/api/v1/query_range', {
      query: expr,
      start: String(start.getTime() / 1000),
      end: String(end.getTime() / 1000),
      step: String(stepSeconds),
    })) as { resultType: string; result: unknown };
    if (data.resultType !== 'matrix')
      throw new PrometheusQueryError(
        `Prometheus at ${this.url} answered the range query ${expr} with resultType ${JSON.stringify(data.resultType)}, not a matrix: is --prometheus a Prometheus-compatible API?`,
      );
    return this.#shaped(expr, () =>
      (data.result as { metric?: Record<string, string>; values?: [number, string][] }[]).map(
        (r) => {
          if (!Array.isArray(r?.values))
            throw new PrometheusQueryError(
              `Prometheus at ${this.url} answered ${expr} with native histograms (or no values) where float samples were expected: the series is a native histogram; query it with histogram_quantile() or histogram_count()`,
            );
          return {
            metric: r.metric ?? {},
            values: r.values.map(([t, v]) => [sampleTime(t), sampleValue(v)] as const),
          };
        },
      ),
    );
  }

  /**
   * Every raw sample of each series matching `selector` within `window` before `time` (a range
   * selector in an instant query): what counter increases across resets are computed from.
   */
  async rawSeries(selector: string, window: string, time: Date): Promise<RawSeries[]> {
    const expr = `${selector}[${window}]`;
    const data = (await this.#get('/api/v1/query', {
      query: expr,
      time: String(time.getTime() / 1000),
    })) as { resultType: string; result: unknown };
    if (data.resultType !== 'matrix')
      throw new PrometheusQueryError(
        `Prometheus at ${this.url} answered the range selector ${expr} with resultType ${JSON.stringify(data.resultType)}, not a matrix: is --prometheus a Prometheus-compatible API?`,
      );
    return this.#shaped(expr, () =>
      (
        data.result as {
          metric?: Record<string, string>;
          values?: [number, string][];
          histograms?: [number, RawHistogram][];
        }[]
      ).map((r) => ({
        metric: r?.metric ?? {},
        floats: (r?.values ?? []).map(([t, v]) => [sampleTime(t), sampleValue(v)] as const),
        histograms: (r?.histograms ?? []).map(([t, h]) => [sampleTime(t), toHistogram(h)] as const),
      })),
    );
  }

  /** A result that is not what the API documents (a sample that is not [time, value]) is named. */
  #shaped<T>(expr: string, read: () => T): T {
    try {
      return read();
    } catch (err) {
      if (err instanceof PrometheusQueryError) throw err;
      throw new PrometheusQueryError(
        `Prometheus at ${this.url} answered ${expr} with a malformed result (${(err as Error).message}): is --prometheus a Prometheus-compatible API?`,
      );
    }
  }

  /**
   * Each series' latest native histogram within `window` before `time`. A
   * range selector, not an instant one: a series that stopped receiving
   * samples long before `time` (beyond the lookback delta) still counts.
   */
  async lastHistograms(
    selector: string,
    window: string,
    time: Date,
  ): Promise<{ metric: Readonly<Record<string, string>>; histogram: NativeHistogram }[]> {
    return (await this.rawSeries(selector, window, time)).flatMap((r) => {
      const last = r.histograms.at(-1)?.[1];
      return last ? [{ metric: r.metric, histogram: last }] : [];
    });
  }

  async ready(): Promise<boolean> {
    try {
      return (await fetch(`${this.url}/-/ready`, { signal: AbortSignal.timeout(2000) })).ok;
    } catch {
      return false;
    }
  }
}
