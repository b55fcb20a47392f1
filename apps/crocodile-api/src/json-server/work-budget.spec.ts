/** The work budget's own arithmetic, on real time: where a slow read stops. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkWork,
  MIN_STEPS,
  WORK_BUDGET_MS,
  WORK_HARD_CAP_MS,
  WorkCapError,
  withBudget,
} from './work-budget.ts';

const cpuMs = () => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};

/**
 * One slow step of 45 ms (wall time and CPU time both: past the 40 ms budget and past its CPU
 * share, under the 60 ms hard cap), then cheap steps. Returns the step the read stopped at, or
 * undefined when the machine held this thread back so long that the slow step alone passed the
 * hard cap (then nothing about the gate can be read from the run).
 */
function slowThenCheap(): number | undefined {
  let steps = 0;
  let firstStepMs = 0;
  try {
    withBudget(() => {
      const wall0 = performance.now();
      const cpu0 = cpuMs();
      while (performance.now() - wall0 < 45 || cpuMs() - cpu0 < 45);
      firstStepMs = performance.now() - wall0;
      for (let i = 0; i < 5 * MIN_STEPS; i++) {
        steps = i + 1;
        checkWork();
      }
    });
  } catch (err) {
    assert.ok(err instanceof WorkCapError, String(err));
    assert.match(err.message, new RegExp(`more than ${WORK_BUDGET_MS} ms`));
    if (steps === 1 && firstStepMs >= WORK_HARD_CAP_MS) return undefined;
    return steps;
  }
  return Infinity; // never stopped
}

describe('work budget', () => {
  it(`a read past the budget stops at step ${MIN_STEPS}, where the hard cap gives way to the budget`, () => {
    // A gate set for the hard cap would not look again before 60 ms, and 5,000 cheap steps take
    // about a millisecond: the read would never stop.
    let stoppedAt: number | undefined;
    for (let attempt = 0; attempt < 3 && stoppedAt === undefined; attempt++)
      stoppedAt = slowThenCheap();
    assert.equal(stoppedAt, MIN_STEPS);
  });
});
