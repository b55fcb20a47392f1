import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { median, summarize } from './stats.ts';

describe('stats', () => {
  it('takes the median of odd and even counts', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([]), 0);
  });

  it('gives the spread as half the range over the median', () => {
    assert.deepEqual(summarize([90, 100, 110]), {
      median: 100,
      min: 90,
      max: 110,
      spread: 0.1,
      n: 3,
    });
  });
});
