/**
 * What a counter gained over a window, across resets, as Prometheus counts it: a value below the
 * one before it is a reset (a restarted k6, a reused testid, a replaced runner pod) and starts a
 * new segment from zero, so the gain is the sum of each segment's rise. increase() does the same
 * and then extrapolates to the window's edges; loadlab wants the exact count, so it stops before.
 * Native histograms reset the same way: a count or any bucket that went down.
 */
import type { NativeHistogram } from './prometheus-api.ts';

export type Sample = readonly [t: number, value: number];

export type Increase<T> =
  | { readonly ok: true; readonly value: T; readonly resets: number }
  | { readonly ok: false; readonly problem: string };

const when = (t: number) => new Date(t * 1000).toISOString();

/** Why a counter sample cannot be counted, or undefined. */
export function counterSampleProblem(v: number): string | undefined {
  if (!Number.isFinite(v)) return `${v}, not a finite number`;
  if (v < 0) return `${v}, below zero (a counter never is)`;
  // Above 2^53 a double no longer holds every whole number: increments would vanish.
  if (v > Number.MAX_SAFE_INTEGER) return `${v}, too large to count exactly (above 2^53)`;
  return undefined;
}

/**
 * The gain of one counter series over the window: `before` is its last sample at or before the
 * window's start (none: the series was born inside the window, from zero), `samples` those after.
 */
export function counterIncrease(samples: readonly Sample[], before?: number): Increase<number> {
  let prev = before ?? 0;
  let gain = 0;
  let resets = 0;
  for (const [t, v] of before === undefined ? samples : [[NaN, before] as Sample, ...samples]) {
    const problem = counterSampleProblem(v);
    if (problem)
      return { ok: false, problem: `a sample ${t ? `at ${when(t)} ` : ''}is ${problem}` };
    if (v < prev) {
      resets++;
      gain += v;
    } else gain += v - prev;
    prev = v;
  }
  return { ok: true, value: gain, resets };
}

const key = (b: readonly [number, number, number, number]) => `${b[1]}:${b[2]}`;

/** Why a histogram sample cannot be counted, or undefined. */
export function histogramSampleProblem(h: NativeHistogram): string | undefined {
  if (counterSampleProblem(h.count)) return `a count of ${counterSampleProblem(h.count)}`;
  if (!Number.isFinite(h.sum)) return `a sum of ${h.sum}`;
  let inBuckets = 0;
  for (const b of h.buckets) {
    if (!b.every(Number.isFinite) || b[3] < 0 || b[2] < b[1])
      return `a bucket ${JSON.stringify(b)} that is not (lower <= upper, count >= 0)`;
    inBuckets += b[3];
  }
  // Buckets hold every observation; k6 counts are whole numbers.
  if (Math.abs(inBuckets - h.count) > 0.5)
    return `buckets holding ${inBuckets} observations for a count of ${h.count}`;
  return undefined;
}

/** Prometheus' reset rule for native histograms: the count or any bucket went down. */
export function histogramReset(now: NativeHistogram, prev: NativeHistogram): boolean {
  if (now.count < prev.count) return true;
  const current = new Map(now.buckets.map((b) => [key(b), b[3]]));
  return prev.buckets.some((b) => (current.get(key(b)) ?? 0) < b[3]);
}

const EMPTY: NativeHistogram = { count: 0, sum: 0, buckets: [] };

function add(a: NativeHistogram, b: NativeHistogram, sign: 1 | -1): NativeHistogram {
  const byBounds = new Map(
    a.buckets.map((x) => [key(x), [...x] as [number, number, number, number]]),
  );
  for (const x of b.buckets) {
    const y = byBounds.get(key(x));
    if (y) y[3] += sign * x[3];
    else byBounds.set(key(x), [x[0], x[1], x[2], sign * x[3]]);
  }
  return {
    count: a.count + sign * b.count,
    sum: a.sum + sign * b.sum,
    buckets: [...byBounds.values()].sort((p, q) => p[2] - q[2]),
  };
}

/** The observations one native histogram series gained over the window, across resets. */
export function histogramIncrease(
  samples: readonly (readonly [number, NativeHistogram])[],
  before?: NativeHistogram,
): Increase<NativeHistogram> {
  let prev = before ?? EMPTY;
  let gain = EMPTY;
  let resets = 0;
  for (const [t, h] of before === undefined ? samples : [[NaN, before] as const, ...samples]) {
    const problem = histogramSampleProblem(h);
    if (problem)
      return { ok: false, problem: `a histogram ${t ? `at ${when(t)} ` : ''}has ${problem}` };
    if (histogramReset(h, prev)) {
      resets++;
      gain = add(gain, h, 1);
    } else gain = add(add(gain, h, 1), prev, -1);
    prev = h;
  }
  return { ok: true, value: gain, resets };
}
