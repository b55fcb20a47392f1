import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GENERATOR_STOP_GAP_SECONDS, incompleteRunReason } from './generators-complete.ts';

const T = 1_800_000_000;

describe('a distributed run is complete only when every generator pushed to its end', () => {
  it('runners ending within a push or two of each other are complete', () => {
    const ends = [0, 4, 9].map((d, i) => ({ instance: `runner-${i}`, lastSample: T + d }));
    assert.equal(incompleteRunReason(ends, 'x'), undefined);
  });

  it('a runner that stopped pushing early is named, with when and how early', () => {
    const ends = [
      { instance: 'crocodile-scale-out-1-abc', lastSample: T },
      { instance: 'crocodile-scale-out-2-def', lastSample: T - 40 },
      { instance: 'crocodile-scale-out-3-ghi', lastSample: T - 2 },
    ];
    const r = incompleteRunReason(ends, 'scale-out-cluster');
    assert.ok(r);
    assert.match(r, /1 of 3 generators of testid scale-out-cluster stopped early/);
    assert.match(r, /crocodile-scale-out-2-def last wrote at .*, 40 s before the last generator/);
    assert.doesNotMatch(r, /-3-ghi/);
  });

  it('the bound is strict: exactly the gap is still complete, one second more is not', () => {
    const at = (gap: number) => [
      { instance: 'a', lastSample: T },
      { instance: 'b', lastSample: T - gap },
    ];
    assert.equal(incompleteRunReason(at(GENERATOR_STOP_GAP_SECONDS), 'x'), undefined);
    assert.ok(incompleteRunReason(at(GENERATOR_STOP_GAP_SECONDS + 1), 'x'));
  });

  it('one generator alone cannot be told apart from a short run', () => {
    assert.equal(incompleteRunReason([{ instance: 'a', lastSample: T }], 'x'), undefined);
    assert.equal(incompleteRunReason([], 'x'), undefined);
  });
});
