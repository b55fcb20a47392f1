import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  GENERATOR_STOP_GAP_SECONDS,
  incompleteRunReason,
  runnerPodsReason,
} from './generators-complete.ts';

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

describe("a runner pod that vanished mid-run makes the run incomplete, whatever k6's figures say", () => {
  const latest = T + 60;
  it('a pod last seen Running well before the last scrape is named', () => {
    const r = runnerPodsReason(
      [
        { pod: 'run-1-a', lastPhase: 'Failed', lastSeen: latest },
        { pod: 'run-2-b', lastPhase: 'Running', lastSeen: T },
        { pod: 'run-3-c', lastPhase: 'Succeeded', lastSeen: latest },
      ],
      latest,
      'tid',
    );
    assert.ok(r);
    assert.match(r, /run-2-b last seen Running at /);
    assert.doesNotMatch(r, /run-1-a|run-3-c/);
  });

  it('pods that finished (Succeeded or Failed) or are still being scraped are not', () => {
    assert.equal(
      runnerPodsReason(
        [
          { pod: 'a', lastPhase: 'Succeeded', lastSeen: T },
          { pod: 'b', lastPhase: 'Failed', lastSeen: T },
          { pod: 'c', lastPhase: 'Running', lastSeen: latest - GENERATOR_STOP_GAP_SECONDS },
        ],
        latest,
        'tid',
      ),
      undefined,
    );
  });
});
