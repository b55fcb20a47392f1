/**
 * The targets, each a ratio between contenders of the same run (or,
 * for the scrape, a bound on a time measured in it). A missed target names the
 * contender that limits it and the load to profile it under.
 */
import { GET_ENDPOINTS, pairedRatio, type GetEndpoint, type GetResults } from './get-throughput.ts';
import type { Summary } from './stats.ts';
import type { ScrapeResult } from './scrape-time.ts';
import type { WritesResult } from './writes-burst.ts';

export type ProfileLoad =
  | { readonly kind: 'get'; readonly path: GetEndpoint }
  | { readonly kind: 'writes' }
  | { readonly kind: 'scrape' };

export interface TargetResult {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
  /** Single rounds fell on both sides of the threshold. */
  readonly withinNoise?: boolean;
  /** Who to profile when it is not met. */
  readonly limiting: { readonly contenderId: string; readonly load: ProfileLoad };
}

export interface Results {
  readonly gets: GetResults;
  readonly writes: { readonly api: WritesResult; readonly bare: WritesResult };
  readonly scrapes: readonly ScrapeResult[];
}

const x = (r: number) => `${r.toFixed(2)}×`;
const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

/**
 * How many times a's GET capacity is b's, each ratio taken within a round:
 * by req/s, and by CPU time per request (b's over a's; NaN without /proc).
 */
export function speedup(gets: GetResults, a: string, b: string, path: GetEndpoint) {
  const ma = gets.get(a)?.[path];
  const mb = gets.get(b)?.[path];
  if (!ma || !mb) throw new Error(`no GET figures for ${a} and ${b} on ${path}`);
  return { rps: pairedRatio(ma.runs, mb.runs), cpu: pairedRatio(mb.cpuRuns, ma.cpuRuns) };
}

/** `5.9% on /crocodiles (rounds −7.0% to 17.3%)`: the median, and how far single rounds strayed. */
function perEndpoint(
  rs: readonly Summary[],
  f: (r: number) => number,
  show: (n: number) => string,
) {
  return rs
    .map((r, i) => {
      const [lo, hi] = [f(r.min), f(r.max)].sort((a, b) => a - b);
      return `${show(f(r.median))} on ${GET_ENDPOINTS[i]} (rounds ${show(lo!)} to ${show(hi!)})`;
    })
    .join(', ');
}

/** Single rounds on both sides of the threshold: the median decides, but the machine's noise is that large. */
function straddles(rs: readonly Summary[], f: (r: number) => number, ok: (v: number) => boolean) {
  return rs.some((r) => ok(f(r.min)) !== ok(f(r.max)));
}

export function evaluateTargets({ gets, writes, scrapes }: Results): TargetResult[] {
  // Judged on req/s (the targets' own terms), paired within rounds; CPU per request is in the tables.
  const api = GET_ENDPOINTS.map((p) => speedup(gets, 'crocodile-api', 'json-server', p).rps);
  const worstApi = api[0]!.median <= api[1]!.median ? 0 : 1;
  const metrics = GET_ENDPOINTS.map((p) => speedup(gets, 'mw-loadlab', 'mw-none', p).rps);
  const worstMetrics = metrics[0]!.median <= metrics[1]!.median ? 0 : 1;
  const overhead = (r: number) => 1 - r;
  const same = (r: number) => r;
  const { api: apiWrites, bare } = writes;
  const held = apiWrites.firstRate ? apiWrites.lastRate / apiWrites.firstRate : 0;
  const vsBare = bare.meanRate ? apiWrites.meanRate / bare.meanRate : 0;
  // Before and after on the same process, the burst between them (not paired within rounds).
  const getBefore = apiWrites.getBefore.rps.median;
  const getKept = getBefore ? apiWrites.getAfter.rps.median / getBefore : 0;
  const fixture = scrapes.find((s) => s.contenderId === 'series-fixture');
  if (!fixture) throw new Error('no scrape figure for the series fixture');
  const scrapeMs = fixture.scrape.latencyMs.p50;
  const writesLimit = { contenderId: 'crocodile-api', load: { kind: 'writes' } } as const;

  return [
    {
      target: 'crocodile-api GET ≥ 1.0× bare json-server (full instrumentation)',
      measured: perEndpoint(api, same, x),
      met: api.every((r) => r.median >= 1),
      withinNoise: straddles(api, same, (v) => v >= 1),
      limiting: {
        contenderId: 'crocodile-api',
        load: { kind: 'get', path: GET_ENDPOINTS[worstApi]! },
      },
    },
    {
      target: '@loadlab/metrics overhead ≤ 3% (same json-server app, with and without)',
      measured: perEndpoint(metrics, overhead, pct),
      met: metrics.every((r) => overhead(r.median) <= 0.03),
      withinNoise: straddles(metrics, overhead, (v) => v <= 0.03),
      limiting: {
        contenderId: 'mw-loadlab',
        load: { kind: 'get', path: GET_ENDPOINTS[worstMetrics]! },
      },
    },
    {
      target: `writes: last ${apiWrites.windowS} s ≥ 80% of the first ${apiWrites.windowS} s`,
      measured: `${pct(held)} (${apiWrites.lastRate.toFixed(0)} vs ${apiWrites.firstRate.toFixed(0)} writes/s)`,
      met: held >= 0.8,
      limiting: writesLimit,
    },
    {
      target: "writes: ≥ 5× bare json-server's sustained rate",
      measured: `${x(vsBare)} (${apiWrites.meanRate.toFixed(0)} vs ${bare.meanRate.toFixed(0)} writes/s over the burst)`,
      met: vsBare >= 5,
      limiting: writesLimit,
    },
    {
      target: 'writes: GET /crocodiles/:id after the burst ≥ 0.8× before it',
      measured: `${x(getKept)} (${apiWrites.getAfter.rps.median.toFixed(0)} vs ${getBefore.toFixed(0)} req/s, ${apiWrites.items} items after)`,
      met: getKept >= 0.8,
      limiting: writesLimit,
    },
    {
      target: '/metrics with ~1k series < 10 ms (median scrape)',
      measured: `${scrapeMs.toFixed(2)} ms for ${fixture.series} series (p99 ${fixture.scrape.latencyMs.p99.toFixed(2)} ms)`,
      met: scrapeMs < 10,
      limiting: { contenderId: 'series-fixture', load: { kind: 'scrape' } },
    },
  ];
}
