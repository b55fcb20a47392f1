/** What the verdict is made of: client and server figures, and series for the charts. */

/** [seconds since the run started, value] */
export type Point = readonly [number, number];

export interface Series {
  readonly name: string;
  readonly points: readonly Point[];
}

export interface ClientFigures {
  readonly requests: number;
  readonly rate: number;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  /** null when k6's summary has no http_req_failed: never read as "no errors". */
  readonly errorRate: number | null;
  readonly checksRate: number | null;
  /** ok null: not judged (a threshold re-evaluated on combined data that Prometheus cannot give), see note. */
  readonly thresholds: readonly {
    metric: string;
    expression: string;
    ok: boolean | null;
    /** The combined figure it was judged on. */
    value?: number;
    note?: string;
  }[];
  /** Load generators whose samples make these figures; absent for one k6 with its summary. */
  readonly generators?: number;
  /** Where the figures come from: k6's summary, or Prometheus (several generators, or a TestRun). */
  readonly source?: 'k6-summary' | 'prometheus';
  /** Figures whose data was unsound (NaN, a negative count, a broken histogram): never judged. */
  readonly problems?: Readonly<
    Partial<Record<'requests' | 'p95Ms' | 'p99Ms' | 'errorRate' | 'checksRate', string>>
  >;
}

export interface ServerFigures {
  /** Requests counted in the window; null when Prometheus has no request counter for the app. */
  readonly requests: number | null;
  /** Why the server figures are missing, with the fix. */
  readonly missing?: string;
  readonly rate: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  /** 5xx over all requests; 0 when requests were counted and no 5xx series exists. */
  readonly errorRatio: number | null;
  /** Share of requests per status code. */
  readonly statusShare: Readonly<Record<string, number>>;
  readonly cpuCoresMax: number | null;
  readonly rssMaxBytes: number | null;
  readonly eventLoopLagMaxMs: number | null;
  /** Figures whose data was unsound (NaN, a negative count, a series twice): never judged. */
  readonly problems?: Readonly<Partial<Record<'p95Ms' | 'errorRatio', string>>>;
}

export interface RunSeries {
  readonly clientRate: Series;
  readonly clientP95Ms: Series;
  readonly clientP99Ms: Series;
  readonly clientErrorRate: Series;
  readonly serverRate: Series;
  readonly serverP95Ms: Series;
  readonly serverP99Ms: Series;
  readonly serverErrorRatio: Series;
  readonly scalingMetric: Series;
  readonly cpuCores: Series;
  readonly rssMiB: Series;
  readonly eventLoopLagMs: Series;
}

export const maxOf = (s: Series): number | null =>
  s.points.length ? Math.max(...s.points.map((p) => p[1])) : null;
export const meanOf = (s: Series): number | null =>
  s.points.length ? s.points.reduce((n, p) => n + p[1], 0) / s.points.length : null;
