import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PARALLELISM, segmentArgs, segments } from './segments.ts';

describe('execution segments', () => {
  it('splits as the k6-operator does: i/n:(i+1)/n, 0 and 1 bare, over one shared sequence', () => {
    const parts = segments(3, (i) => `g${i}`);
    assert.deepEqual(
      parts.map(segmentArgs),
      ['0:1/3', '1/3:2/3', '2/3:1'].map((segment) => [
        `--execution-segment=${segment}`,
        '--execution-segment-sequence=0,1/3,2/3,1',
      ]),
    );
    assert.deepEqual(
      parts.map((p) => p.instance),
      ['g0', 'g1', 'g2'],
    );
  });

  it('one generator takes the whole: 0/1:1/1 over 0,1', () => {
    assert.deepEqual(segmentArgs(segments(1, String)[0]!), [
      '--execution-segment=0:1',
      '--execution-segment-sequence=0,1',
    ]);
  });

  it('refuses a parallelism that is not a whole number in range, naming it', () => {
    for (const n of [0, -1, 1.5, NaN, MAX_PARALLELISM + 1])
      assert.throws(() => segments(n, String), /parallelism must be a whole number from 1 to 64/);
  });
});
