/**
 * A quantile of a classic histogram's cumulative buckets (`le` → count), as Prometheus'
 * histogram_quantile computes it (promql/quantile.go bucketQuantile): linear inside the bucket
 * holding the rank, the lower bound of the first bucket 0, a rank in the +Inf bucket answered with
 * the highest finite bound, counts made monotonic. Used on bucket increases read across resets.
 */

/** The q-quantile (0..1), or null when it cannot be told (no +Inf bucket, no observations). */
export function bucketQuantile(q: number, buckets: ReadonlyMap<string, number>): number | null {
  if (!(q >= 0 && q <= 1)) return null;
  const sorted = [...buckets]
    .map(([le, count]) => ({ le: le === '+Inf' ? Infinity : Number(le), count }))
    .filter((b) => !Number.isNaN(b.le))
    .sort((a, b) => a.le - b.le);
  if (sorted.length < 2 || sorted.at(-1)!.le !== Infinity) return null;
  // A later bucket never holds fewer observations than an earlier one.
  for (let i = 1; i < sorted.length; i++)
    sorted[i]!.count = Math.max(sorted[i]!.count, sorted[i - 1]!.count);
  const observations = sorted.at(-1)!.count;
  if (!(observations > 0)) return null;
  const rank = q * observations;
  const b = sorted.findIndex((x) => x.count >= rank);
  if (b === sorted.length - 1) return sorted[b - 1]!.le;
  if (b === 0 && sorted[0]!.le <= 0) return sorted[0]!.le;
  const below = b > 0 ? sorted[b - 1]! : { le: 0, count: 0 };
  return (
    below.le +
    (sorted[b]!.le - below.le) * ((rank - below.count) / (sorted[b]!.count - below.count))
  );
}
