import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wholeSeconds } from './writes-burst.ts';

describe('wholeSeconds', () => {
  it('drops the partial first second and counts a silent second as 0', () => {
    const lines = [
      [100, 5, 0],
      [101, 50, 0],
      [103, 40, 1],
      [104, 7, 0],
    ] as const;
    assert.deepEqual(wholeSeconds(lines), [50, 0, 40, 7]);
  });

  it('has no whole second when only the first was printed', () => {
    assert.deepEqual(wholeSeconds([[1, 3, 0]]), []);
  });
});
