/** A small client for Prometheus' HTTP query API. */

export interface VectorSample {
  readonly metric: Readonly<Record<string, string>>;
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

export class PrometheusQueryError extends Error {}

export class PrometheusApi {
  readonly url: string;
  constructor(url: string) {
    this.url = url.replace(/\/+$/, '');
  }

  async #get<T>(path: string, params: Record<string, string>): Promise<T> {
    const url = `${this.url}${path}?${new URLSearchParams(params)}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    } catch (err) {
      throw new PrometheusQueryError(
        `Prometheus at ${this.url} is unreachable: ${(err as Error).cause ?? (err as Error).message}`,
      );
    }
    const body = (await res.json().catch(() => ({}))) as {
      status?: string;
      data?: T;
      error?: string;
    };
    if (!res.ok || body.status !== 'success') {
      throw new PrometheusQueryError(
        `Prometheus ${path} failed (${res.status}) for ${params.query ?? ''}: ${body.error ?? res.statusText}`,
      );
    }
    return body.data as T;
  }

  /** An instant query; scalar results come back as one sample with no labels. */
  async query(expr: string, time?: Date): Promise<VectorSample[]> {
    const params: Record<string, string> = { query: expr };
    if (time) params.time = String(time.getTime() / 1000);
    const data = await this.#get<{ resultType: string; result: any }>('/api/v1/query', params);
    if (data.resultType === 'scalar')
      return [{ metric: {}, time: data.result[0], value: Number(data.result[1]) }];
    return (data.result as { metric: Record<string, string>; value: [number, string] }[]).map(
      (r) => ({
        metric: r.metric,
        time: r.value[0],
        value: Number(r.value[1]),
      }),
    );
  }

  async queryRange(
    expr: string,
    start: Date,
    end: Date,
    stepSeconds: number,
  ): Promise<RangeSeries[]> {
    const data = await this.#get<{
      result: { metric: Record<string, string>; values: [number, string][] }[];
    }>('/api/v1/query_range', {
      query: expr,
      start: String(start.getTime() / 1000),
      end: String(end.getTime() / 1000),
      step: String(stepSeconds),
    });
    return data.result.map((r) => ({
      metric: r.metric,
      values: r.values.map(([t, v]) => [t, Number(v)] as const),
    }));
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
    const data = await this.#get<{
      resultType: string;
      result: {
        metric: Record<string, string>;
        histograms?: [
          number,
          { count: string; sum: string; buckets?: [number, string, string, string][] },
        ][];
      }[];
    }>('/api/v1/query', { query: `${selector}[${window}]`, time: String(time.getTime() / 1000) });
    return data.result.flatMap((r) => {
      const last = r.histograms?.at(-1)?.[1];
      if (!last) return [];
      const buckets = (last.buckets ?? []).map(
        ([rule, lo, hi, n]) => [rule, Number(lo), Number(hi), Number(n)] as const,
      );
      return [
        {
          metric: r.metric,
          histogram: { count: Number(last.count), sum: Number(last.sum), buckets },
        },
      ];
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
