/** The work budget's own arithmetic, on real CPU time: where a slow read stops. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkWork, MIN_STEPS, WORK_BUDGET_MS, WorkCapError, withBudget } from './work-budget.ts';

/**
 * A step of known cost: spins for `ms` of wall time, which is CPU time on a core of its own (the
 * thread's CPU clock itself moves in ticks of a few ms, too coarse to time a step by).
 */
function spin(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('work budget', () => {
  it(`a read past the budget stops at step ${MIN_STEPS}, where the hard cap gives way to the budget`, () => {
    // 0.05 ms of CPU a step: step 1,000 is at 50 ms, past the 40 ms budget and under the 60 ms hard cap.
    let stoppedAt = 0;
    assert.throws(
      () =>
        withBudget(() => {
          for (let i = 0; i < 5 * MIN_STEPS; i++) {
            spin(0.05);
            stoppedAt = i + 1;
            checkWork();
          }
        }),
      (err) =>
        err instanceof WorkCapError &&
        new RegExp(`more than ${WORK_BUDGET_MS} ms`).test(err.message),
    );
    assert.equal(
      stoppedAt,
      MIN_STEPS,
      'not some steps later, when a gate set for the hard cap opens',
    );
  });
});
