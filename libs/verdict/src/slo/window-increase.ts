/**
 * What a testid's k6 counters and histograms gained over a window, read from raw samples: the
 * last sample at or before the start is the baseline, later samples add what each counter
 * segment rose (a reset starts a new segment from zero, as Prometheus counts it). A window that
 * holds two runs under one testid (samples stop, then counters start again from zero) is
 * refused: each run must be judged on its own.
 */
import {
  counterIncrease,
  histogramIncrease,
  mergeHistograms,
  type NativeHistogram,
  type PrometheusApi,
  type RawSeries,
} from '@loadlab/prometheus-client';
import { CouldNotRunError } from '../could-not-run.ts';

/** A figure read from Prometheus: null when no series matched; a problem when its data is unsound. */
export interface Read<T> {
  readonly value: T | null;
  readonly problem?: string;
}

export interface Span {
  readonly start: Date;
  readonly evalAt: Date;
  /** From start to evalAt, as a PromQL duration. */
  readonly window: string;
  /** The k6 testid the samples belong to, for messages. */
  readonly testid: string;
  /**
   * Server counters: a restarted process (after any silence) is counted across, never refused;
   * only k6 counters starting again after a silence mean a second run.
   */
  readonly restartsAllowed?: boolean;
}

/** How far back the baseline of a series is looked for. */
const BASELINE_LOOKBACK = '1h';
/**
 * A silence this long with samples on both sides, after which counters start again from zero,
 * is a second run: k6 pushes every 5 s while it runs.
 */
export const RUN_GAP_SECONDS = 120;

const keyOf = (m: Readonly<Record<string, string>>) => JSON.stringify(m);
const clock = (t: number) => new Date(t * 1000).toISOString();

/**
 * When a second run starts inside the window, or undefined: a silence of RUN_GAP_SECONDS in
 * every series of the selector, after which a series restarts (a reset, or a series born then).
 */
export function secondRunStart(
  series: readonly { times: readonly number[]; restarts: readonly number[] }[],
): { silentFrom: number; restartAt: number } | undefined {
  const times = [...new Set(series.flatMap((s) => s.times))].sort((a, b) => a - b);
  const restarts = series.flatMap((s) => s.restarts);
  for (let i = 1; i < times.length; i++) {
    const [a, b] = [times[i - 1]!, times[i]!];
    if (b - a < RUN_GAP_SECONDS) continue;
    const r = restarts.find((t) => t >= b && t < b + RUN_GAP_SECONDS);
    if (r !== undefined) return { silentFrom: a, restartAt: r };
  }
  return undefined;
}

function refuseMixedRuns<T>(
  selector: string,
  s: Span,
  inWindow: readonly RawSeries[],
  samplesOf: (r: RawSeries) => readonly (readonly [number, T])[],
  baseline: Map<string, T>,
  reset: (now: T, prev: T) => boolean,
): void {
  if (s.restartsAllowed) return;
  const second = secondRunStart(
    inWindow.map((r) => {
      const samples = samplesOf(r);
      const before = baseline.get(keyOf(r.metric));
      return {
        times: samples.map(([t]) => t),
        restarts: samples
          .filter(([, v], i) => {
            const prev = i > 0 ? samples[i - 1]![1] : before;
            // No sample before it (only the first can lack one): the series was born here.
            return prev === undefined || reset(v, prev);
          })
          .map(([t]) => t),
      };
    }),
  );
  if (second)
    throw new CouldNotRunError(
      `testid ${s.testid} holds two runs in this window: ${selector} has no samples from ${clock(second.silentFrom)}, then starts again from zero at ${clock(second.restartAt)}. ` +
        'Give each run its own testid, or narrow --start/--end to one run',
    );
}

/** A label set answered twice: no Prometheus does that, so the source is broken or a bad proxy. */
function duplicated(series: readonly RawSeries[]): string | undefined {
  const seen = new Set<string>();
  for (const r of series) {
    const k = keyOf(r.metric);
    if (seen.has(k)) return k;
    seen.add(k);
  }
  return undefined;
}

async function read(
  prom: PrometheusApi,
  selector: string,
  s: Span,
): Promise<{ inWindow: RawSeries[]; before: RawSeries[] } | { problem: string }> {
  const [inWindow, before] = await Promise.all([
    prom.rawSeries(selector, s.window, s.evalAt),
    prom.rawSeries(selector, BASELINE_LOOKBACK, s.start),
  ]);
  const twice = duplicated(inWindow) ?? duplicated(before);
  if (twice)
    return {
      problem: `${selector}: Prometheus answered the series ${twice} twice, which it never does: is a proxy in between merging answers?`,
    };
  return { inWindow, before };
}

const named = (selector: string, r: RawSeries, problem: string) =>
  `${selector} series ${keyOf(r.metric)}: ${problem}`;

/**
 * What the counter series matching `selector` gained over the window, summed by the value of
 * `label` (no label: one group, ""): null when no series has a sample in the window.
 */
export async function readCounterBy(
  prom: PrometheusApi,
  selector: string,
  s: Span,
  label = '',
): Promise<Read<Map<string, number>>> {
  const answer = await read(prom, selector, s);
  if ('problem' in answer) return { value: null, problem: answer.problem };
  const { inWindow, before } = answer;
  const withFloats = inWindow.filter((r) => r.floats.length);
  if (!withFloats.length) return { value: null };
  const baseline = new Map(
    before.flatMap((r) => (r.floats.length ? [[keyOf(r.metric), r.floats.at(-1)![1]]] : [])),
  );
  const totals = new Map<string, number>();
  for (const r of withFloats) {
    const inc = counterIncrease(r.floats, baseline.get(keyOf(r.metric)));
    if (!inc.ok) return { value: null, problem: named(selector, r, inc.problem) };
    // No label (''), or a series without it: the group "".
    const group = r.metric[label] ?? '';
    totals.set(group, (totals.get(group) ?? 0) + inc.value);
  }
  refuseMixedRuns(
    selector,
    s,
    withFloats,
    (r) => r.floats,
    baseline,
    (v, p) => v < p,
  );
  return { value: totals };
}

/** What the counter series matching `selector` gained over the window, summed. */
export async function readCounter(
  prom: PrometheusApi,
  selector: string,
  s: Span,
): Promise<Read<number>> {
  const r = await readCounterBy(prom, selector, s);
  return r.value === null
    ? { value: null, ...(r.problem ? { problem: r.problem } : {}) }
    : { value: r.value.get('')! };
}

export async function readHistogram(
  prom: PrometheusApi,
  selector: string,
  s: Span,
): Promise<Read<NativeHistogram>> {
  const answer = await read(prom, selector, s);
  if ('problem' in answer) return { value: null, problem: answer.problem };
  const { inWindow, before } = answer;
  const withHistograms = inWindow.filter((r) => r.histograms.length);
  if (!withHistograms.length) return { value: null };
  const baseline = new Map(
    before.flatMap((r) =>
      r.histograms.length ? [[keyOf(r.metric), r.histograms.at(-1)![1]]] : [],
    ),
  );
  const gains: NativeHistogram[] = [];
  for (const r of withHistograms) {
    const inc = histogramIncrease(r.histograms, baseline.get(keyOf(r.metric)));
    if (!inc.ok) return { value: null, problem: named(selector, r, inc.problem) };
    gains.push(inc.value);
  }
  refuseMixedRuns(
    selector,
    s,
    withHistograms,
    (r) => r.histograms,
    baseline,
    (v, p) => v.count < p.count,
  );
  return { value: mergeHistograms(gains) };
}
