import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketQuantile } from './classic-histogram.ts';

const b = (entries: [string, number][]) => new Map(entries);

describe('classic histogram quantile (histogram_quantile)', () => {
  it('linear inside the bucket holding the rank; the first bucket starts at 0', () => {
    const h = b([
      ['0.1', 50],
      ['0.5', 90],
      ['1', 100],
      ['+Inf', 100],
    ]);
    assert.equal(bucketQuantile(0.5, h), 0.1);
    assert.equal(bucketQuantile(0.25, h), 0.05);
    assert.ok(Math.abs(bucketQuantile(0.7, h)! - 0.3) < 1e-12);
    assert.ok(Math.abs(bucketQuantile(0.95, h)! - 0.75) < 1e-12);
    assert.equal(bucketQuantile(1, h), 1);
    assert.equal(bucketQuantile(0, h), 0);
  });

  it('a rank in the +Inf bucket is the highest finite bound', () => {
    assert.equal(
      bucketQuantile(
        0.99,
        b([
          ['0.1', 50],
          ['1', 90],
          ['+Inf', 100],
        ]),
      ),
      1,
    );
  });

  it('a first bound at or below 0 is answered as that bound', () => {
    assert.equal(
      bucketQuantile(
        0.1,
        b([
          ['0', 20],
          ['1', 100],
          ['+Inf', 100],
        ]),
      ),
      0,
    );
    assert.equal(
      bucketQuantile(
        0.1,
        b([
          ['-1', 20],
          ['1', 100],
          ['+Inf', 100],
        ]),
      ),
      -1,
    );
  });

  it('no +Inf bucket, one bucket, no observations, or q outside 0..1: null, never 0', () => {
    assert.equal(
      bucketQuantile(
        0.5,
        b([
          ['0.1', 5],
          ['1', 10],
        ]),
      ),
      null,
    );
    assert.equal(bucketQuantile(0.5, b([['+Inf', 10]])), null);
    assert.equal(
      bucketQuantile(
        0.5,
        b([
          ['0.1', 0],
          ['+Inf', 0],
        ]),
      ),
      null,
    );
    assert.equal(
      bucketQuantile(
        0.5,
        b([
          ['0.1', NaN],
          ['+Inf', NaN],
        ]),
      ),
      null,
    );
    assert.equal(
      bucketQuantile(
        -0.1,
        b([
          ['0.1', 5],
          ['+Inf', 10],
        ]),
      ),
      null,
    );
    assert.equal(
      bucketQuantile(
        1.1,
        b([
          ['0.1', 5],
          ['+Inf', 10],
        ]),
      ),
      null,
    );
    assert.equal(
      bucketQuantile(
        NaN,
        b([
          ['0.1', 5],
          ['+Inf', 10],
        ]),
      ),
      null,
    );
  });

  it('order of the map does not matter; counts are made monotonic; bad bounds are skipped', () => {
    const h = b([
      ['+Inf', 100],
      ['1', 100],
      ['0.1', 50],
      ['x', 3],
    ]);
    assert.equal(bucketQuantile(0.5, h), 0.1);
    // 0.5 holds fewer than 0.1: read as 50, as Prometheus does.
    assert.equal(
      bucketQuantile(
        0.5,
        b([
          ['0.1', 50],
          ['0.5', 40],
          ['1', 100],
          ['+Inf', 100],
        ]),
      ),
      0.1,
    );
  });

  it('two buckets are enough; counts made monotonic move the rank; a bound <= 0 only answers the first bucket', () => {
    assert.equal(
      bucketQuantile(
        0.5,
        b([
          ['1', 10],
          ['+Inf', 10],
        ]),
      ),
      0.5,
    );
    const dip = b([
      ['0.1', 60],
      ['0.5', 40],
      ['1', 100],
      ['+Inf', 100],
    ]);
    assert.ok(Math.abs(bucketQuantile(0.62, dip)! - 0.525) < 1e-12);
    assert.ok(
      Math.abs(
        bucketQuantile(
          0.5,
          b([
            ['-1', 20],
            ['1', 100],
            ['+Inf', 100],
          ]),
        )! - -0.25,
      ) < 1e-12,
    );
  });
});
