/** Median and spread over rounds: the median resists one disturbed round, the spread shows the noise. */

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Half the min-max range, as a fraction of the median. */
  readonly spread: number;
  readonly n: number;
}

export function median(xs: readonly number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function summarize(xs: readonly number[]): Summary {
  const m = median(xs);
  const min = xs.length ? Math.min(...xs) : 0;
  const max = xs.length ? Math.max(...xs) : 0;
  return { median: m, min, max, spread: m ? (max - min) / 2 / m : 0, n: xs.length };
}
