import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  counterIncrease,
  counterSampleProblem,
  histogramIncrease,
  histogramReset,
  histogramSampleProblem,
} from './counter-increase.ts';
import { histogramQuantile } from './native-histogram.ts';
import type { NativeHistogram } from './prometheus-api.ts';

const h = (buckets: [number, number, number][], sum = 0): NativeHistogram => ({
  count: buckets.reduce((n, b) => n + b[2], 0),
  sum,
  buckets: buckets.map(([lo, hi, n]) => [0, lo, hi, n] as const),
});

describe('counter increase across resets', () => {
  it('without a reset: last minus the baseline', () => {
    assert.deepEqual(
      counterIncrease(
        [
          [1, 12],
          [2, 15],
          [3, 15],
        ],
        10,
      ),
      { ok: true, value: 5, resets: 0 },
    );
  });

  it('a series born in the window counts from zero', () => {
    assert.deepEqual(
      counterIncrease([
        [1, 4],
        [2, 9],
      ]),
      { ok: true, value: 9, resets: 0 },
    );
  });

  it('a reset starts a new segment from zero: 10,000 then a new run of 6,000 is 6,000, never -4,000', () => {
    assert.deepEqual(
      counterIncrease(
        [
          [1, 100],
          [2, 6000],
        ],
        10_000,
      ),
      {
        ok: true,
        value: 6000,
        resets: 1,
      },
    );
    // Three resets, one to exactly zero.
    assert.deepEqual(
      counterIncrease(
        [
          [1, 5],
          [2, 0],
          [3, 4],
          [4, 1],
        ],
        8,
      ),
      {
        ok: true,
        value: 5 + 4 + 1,
        resets: 3,
      },
    );
  });

  it('an equal value is no reset; a value one below is', () => {
    assert.deepEqual(counterIncrease([[1, 7]], 7), { ok: true, value: 0, resets: 0 });
    const r = counterIncrease([[1, 6]], 7);
    assert.ok(r.ok);
    assert.equal(r.resets, 1);
    assert.equal(r.value, 6);
  });

  it('NaN, ±Inf, a negative or an inexact count is a problem named with its time, never zero', () => {
    for (const bad of [NaN, Infinity, -Infinity, -1, 2 ** 53 + 2]) {
      const r = counterIncrease(
        [
          [1, 5],
          [60, bad],
        ],
        1,
      );
      assert.equal(r.ok, false, String(bad));
      assert.match(!r.ok ? r.problem : '', /^a sample at 1970-01-01T00:01:00\.000Z is /);
      assert.ok(counterSampleProblem(bad));
    }
    // The baseline is checked too.
    const r = counterIncrease([[1, 5]], NaN);
    assert.deepEqual(r, { ok: false, problem: 'a sample is NaN, not a finite number' });
    assert.equal(counterSampleProblem(0), undefined);
    assert.equal(counterSampleProblem(Number.MAX_SAFE_INTEGER), undefined);
    assert.match(counterSampleProblem(-0.5)!, /below zero/);
    assert.match(counterSampleProblem(2 ** 60)!, /above 2\^53/);
  });

  it('equals the sum of the increments, whatever the resets (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ d: fc.nat(1000), reset: fc.boolean() }), {
          minLength: 1,
          maxLength: 50,
        }),
        fc.option(fc.nat(100_000), { nil: undefined }),
        (steps, before) => {
          let v = before ?? 0;
          let truth = 0;
          const samples: [number, number][] = [];
          steps.forEach(({ d, reset }, i) => {
            // A reset Prometheus can see: the new value is below the last one.
            if (reset && v > 0) {
              const nv = Math.min(d, v - 1);
              truth += nv;
              v = nv;
            } else {
              truth += d;
              v += d;
            }
            samples.push([i + 1, v]);
          });
          const r = counterIncrease(samples, before);
          assert.ok(r.ok);
          assert.equal(r.value, truth);
        },
      ),
    );
  });
});

describe('native histogram increase across resets', () => {
  it('subtracts the baseline bucket by bucket', () => {
    const before = h(
      [
        [0.1, 0.2, 10],
        [0.2, 0.4, 2],
      ],
      2,
    );
    const now = h(
      [
        [0.1, 0.2, 15],
        [0.2, 0.4, 2],
        [1, 2, 3],
      ],
      6,
    );
    const r = histogramIncrease([[1, now]], before);
    assert.ok(r.ok);
    assert.equal(r.resets, 0);
    assert.equal(r.value.count, 8);
    assert.equal(r.value.sum, 4);
    assert.deepEqual(
      r.value.buckets.filter((b) => b[3] !== 0),
      [
        [0, 0.1, 0.2, 5],
        [0, 1, 2, 3],
      ],
    );
  });

  it('a start larger than the end is a reset: every request after it counts (p95 over 1 s, never 62 ms)', () => {
    const before = h([
      [0.05, 0.06, 1000],
      [0.06, 0.07, 100],
    ]);
    // After the reset every request took over a second.
    const after = h([
      [1, 1.1, 80],
      [1.1, 1.2, 20],
    ]);
    const r = histogramIncrease([[1, after]], before);
    assert.ok(r.ok);
    assert.equal(r.resets, 1);
    assert.equal(r.value.count, 100);
    assert.ok(
      r.value.buckets.every((b) => b[3] >= 0),
      'no negative bucket',
    );
    const p95 = histogramQuantile(0.95, r.value)!;
    const p99 = histogramQuantile(0.99, r.value)!;
    assert.ok(p95 > 1 && p99 >= p95, `${p95} ${p99}`);
  });

  it('a bucket that went down is a reset even when the count rose', () => {
    const prev = h([[0.1, 0.2, 10]]);
    const now = h([
      [0.1, 0.2, 4],
      [1, 2, 20],
    ]);
    assert.equal(histogramReset(now, prev), true);
    assert.equal(histogramReset(prev, prev), false);
    assert.equal(histogramReset(h([[0.1, 0.2, 11]]), prev), false);
    // A bucket gone from the later histogram went down to zero.
    assert.equal(histogramReset(h([[1, 2, 30]]), prev), true);
    assert.equal(histogramReset({ ...prev, count: 9 }, prev), true);
  });

  it('several segments add up', () => {
    const r = histogramIncrease([
      [1, h([[0.1, 0.2, 5]])],
      [2, h([[0.1, 0.2, 8]])],
      [3, h([[0.1, 0.2, 2]])],
      [4, h([[0.1, 0.2, 3]])],
    ]);
    assert.ok(r.ok);
    assert.equal(r.resets, 1);
    assert.equal(r.value.count, 8 + 3);
  });

  it('a broken histogram is a problem named with its time', () => {
    const good = h([[0.1, 0.2, 5]]);
    const cases: [NativeHistogram, RegExp][] = [
      [{ ...good, count: NaN }, /a count of NaN/],
      [{ ...good, sum: Infinity }, /a sum of Infinity/],
      [{ ...good, count: 6 }, /buckets holding 5 observations for a count of 6/],
      [{ count: -1, sum: 0, buckets: [[0, 0.1, 0.2, -1]] }, /a count of -1/],
      [
        {
          count: 0,
          sum: 0,
          buckets: [
            [0, 0.1, 0.2, -1],
            [0, 0.2, 0.3, 1],
          ],
        },
        /a bucket \[0,0.1,0.2,-1\]/,
      ],
      [{ count: 1, sum: 0, buckets: [[0, 0.3, 0.2, 1]] }, /lower <= upper/],
      [{ count: 1, sum: 0, buckets: [[0, 0.1, NaN, 1]] }, /a bucket/],
    ];
    for (const [bad, re] of cases) {
      assert.match(histogramSampleProblem(bad)!, re);
      const r = histogramIncrease([[120, bad]]);
      assert.equal(r.ok, false);
      assert.match(!r.ok ? r.problem : '', /^a histogram at 1970-01-01T00:02:00\.000Z has /);
    }
    assert.equal(histogramSampleProblem(good), undefined);
    // Within half an observation: whole-number counts summed as floats.
    assert.equal(histogramSampleProblem({ ...good, count: 5.4 }), undefined);
    const r = histogramIncrease([[1, good]], { ...good, sum: NaN });
    assert.deepEqual(r, { ok: false, problem: 'a histogram has a sum of NaN' });
  });

  it('edges of a sound histogram: empty buckets, a zero-width bucket, counts within half an observation', () => {
    assert.equal(
      histogramSampleProblem({
        count: 2,
        sum: 0,
        buckets: [
          [0, 0, 0, 2],
          [0, 0.1, 0.2, 0],
        ],
      }),
      undefined,
    );
    assert.equal(
      histogramSampleProblem({ count: 2.5, sum: 0, buckets: [[0, 0.1, 0.2, 2]] }),
      undefined,
    );
    assert.match(
      histogramSampleProblem({ count: 2.51, sum: 0, buckets: [[0, 0.1, 0.2, 2]] })!,
      /for a count of 2.51/,
    );
  });

  it('the gain keeps its buckets in order of their bounds, whatever order they came in', () => {
    const r = histogramIncrease([
      [1, h([[1, 2, 1]])],
      [
        2,
        {
          count: 3,
          sum: 0,
          buckets: [
            [0, 1, 2, 1],
            [0, 0.1, 0.2, 2],
          ],
        },
      ],
    ]);
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.buckets.map((b) => b[2]),
      [0.2, 2],
    );
  });
});
