import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bucketWidth, histogramQuantile, mergeHistograms } from './native-histogram.ts';
import { histogramIncrease } from './counter-increase.ts';
import type { NativeHistogram } from './prometheus-api.ts';

/** A schema-3 native histogram of the samples (bucket i holds (2^((i-1)/8), 2^(i/8)]). */
function histogramOf(samples: readonly number[]): NativeHistogram {
  const counts = new Map<number, number>();
  for (const s of samples) {
    const i = Math.ceil(Math.log2(s) * 8);
    counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  const buckets = [...counts].map(([i, n]) => [0, 2 ** ((i - 1) / 8), 2 ** (i / 8), n] as const);
  return { count: samples.length, sum: samples.reduce((a, b) => a + b, 0), buckets };
}

const exactQuantile = (q: number, xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
};

describe('native histograms', () => {
  it('the merged p95 of split samples lies within one bucket of the exact p95 of all of them', () => {
    const sample = fc.double({ min: 0.001, max: 5, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(fc.array(sample, { minLength: 1, maxLength: 200 }), {
          minLength: 1,
          maxLength: 4,
        }),
        (parts) => {
          const all = parts.flat();
          const merged = mergeHistograms(parts.map(histogramOf));
          assert.equal(merged.count, all.length);
          const p95 = histogramQuantile(0.95, merged)!;
          const exact = exactQuantile(0.95, all);
          const factor = 1 + bucketWidth(merged);
          assert.ok(
            p95 <= exact * factor * (1 + 1e-9) && p95 >= exact / factor / (1 + 1e-9),
            `${p95} vs ${exact}`,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('merging is summing: the same buckets as one histogram of all samples', () => {
    const a = [0.01, 0.02, 0.5];
    const b = [0.02, 0.3];
    assert.deepEqual(
      mergeHistograms([histogramOf(a), histogramOf(b)]).buckets,
      [...histogramOf([...a, ...b]).buckets].sort((x, y) => x[2] - y[2]),
    );
  });

  it('nothing gained: no quantile', () => {
    const now = {
      count: 5,
      sum: 3,
      buckets: [
        [0, 1, 2, 3],
        [0, 2, 4, 2],
      ] as const,
    };
    const gained = histogramIncrease([[1, now]], now);
    assert.ok(gained.ok);
    assert.equal(histogramQuantile(1, gained.value), null);
  });

  it('an empty histogram, or a quantile outside 0..1, has no value, never 0', () => {
    assert.equal(histogramQuantile(0.95, { count: 0, sum: 0, buckets: [] }), null);
    assert.equal(histogramQuantile(0.5, { count: 0, sum: 0, buckets: [[0, 1, 2, 0]] }), null);
    const h = { count: 1, sum: 1, buckets: [[0, 1, 2, 1]] as const };
    assert.equal(histogramQuantile(-0.01, h), null);
    assert.equal(histogramQuantile(1.01, h), null);
    assert.equal(histogramQuantile(0, h), 1);
    assert.equal(histogramQuantile(1, h), 2);
  });

  it('interpolates linearly inside the bucket that holds the rank, skipping empty buckets', () => {
    const h = {
      count: 20,
      sum: 50,
      buckets: [
        [0, 0.5, 1, 0],
        [0, 1, 2, 10],
        [0, 2, 4, 0],
        [0, 4, 8, 10],
      ] as const,
    };
    assert.equal(histogramQuantile(0, h), 1);
    assert.equal(histogramQuantile(0.25, h), 1.5);
    assert.equal(histogramQuantile(0.5, h), 2);
    assert.equal(histogramQuantile(0.75, h), 6);
  });

  it('merges counts, sums and buckets by their bounds, in order of their upper bound', () => {
    const m = mergeHistograms([
      {
        count: 3,
        sum: 1.5,
        buckets: [
          [0, 2, 4, 1],
          [0, 1, 2, 2],
        ],
      },
      { count: 2, sum: 2.25, buckets: [[3, 1, 2, 2]] },
    ]);
    assert.deepEqual(m, {
      count: 5,
      sum: 3.75,
      buckets: [
        [0, 1, 2, 4],
        [0, 2, 4, 1],
      ],
    });
  });

  it('the bucket width: of the widest bucket holding data, ignoring empty ones and the zero bucket', () => {
    const width = bucketWidth({
      count: 3,
      sum: 1,
      buckets: [
        [3, -0.001, 0.001, 1],
        [3, 0, 0, 1],
        [0, 1, 2 ** (1 / 8), 1],
        [0, 2, 2.25, 1],
        [0, 4, 100, 0],
      ],
    });
    assert.equal(width, 0.125);
  });

  it('a mean of per-generator p95s is not the p95 of the run', () => {
    const fast = Array.from({ length: 100 }, () => 0.01);
    const slow = Array.from({ length: 100 }, (_, i) => (i < 90 ? 0.01 : 1));
    const mean =
      (histogramQuantile(0.95, histogramOf(fast))! + histogramQuantile(0.95, histogramOf(slow))!) /
      2;
    const merged = histogramQuantile(
      0.95,
      mergeHistograms([histogramOf(fast), histogramOf(slow)]),
    )!;
    assert.ok(merged < 0.02 && mean > 0.4, `merged ${merged}, mean of p95s ${mean}`);
  });
});
