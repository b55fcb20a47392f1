/**
 * Native histograms merged and read on this side: the whole-run percentile of
 * a load spread over several generators is the percentile of their summed
 * buckets (never a mean of their percentiles). Same-schema histograms share
 * bucket boundaries, so summing is exact; the percentile is then known to lie
 * in one bucket, and is interpolated linearly inside it, as Prometheus 2.x's
 * histogram_quantile does.
 */
import type { NativeHistogram } from './prometheus-api.ts';

export function mergeHistograms(hs: readonly NativeHistogram[]): NativeHistogram {
  const byBounds = new Map<string, [number, number, number, number]>();
  let count = 0;
  let sum = 0;
  for (const h of hs) {
    count += h.count;
    sum += h.sum;
    for (const [rule, lo, hi, n] of h.buckets) {
      const key = `${lo}:${hi}`;
      const b = byBounds.get(key);
      if (b) b[3] += n;
      else byBounds.set(key, [rule, lo, hi, n]);
    }
  }
  // Same-schema buckets never overlap, so their upper bounds order them.
  const buckets = [...byBounds.values()].sort((a, b) => a[2] - b[2]);
  return { count, sum, buckets };
}

/** The q-quantile (0..1), or null for an empty histogram. */
export function histogramQuantile(q: number, h: NativeHistogram): number | null {
  const total = h.buckets.reduce((t, b) => t + b[3], 0);
  if (q < 0 || q > 1) return null;
  const rank = q * total;
  let below = 0;
  for (const [, lo, hi, n] of h.buckets) {
    if (n > 0 && below + n >= rank) return lo + (hi - lo) * ((rank - below) / n);
    below += n;
  }
  return null; // an empty histogram (whole-number counts: a rank never passes a non-zero total)
}

/** The relative width of the widest bucket holding data: the bound on a percentile's error. */
export function bucketWidth(h: NativeHistogram): number {
  let widest = 0;
  for (const [, lo, hi, n] of h.buckets)
    if (n > 0 && lo > 0) widest = Math.max(widest, hi / lo - 1);
  return widest;
}
