import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Round } from './knee-finder.ts';
import { assessMachine } from './machine-assessment.ts';
import { windowBetween } from './machine-load.ts';
import { judgePlateau, kneeOf } from './plateau.ts';

const SLO = { p95Ms: 700, maxErrorRate: 0.01 };
/** 10 s on 2 cores; `outside` jiffies used by no one of the run. */
const w = (outside: number, load1 = 0.5) =>
  windowBetween(
    { t: 0, total: 0, idle: 0, steal: 0, k6: 0, api: 1, self: 0, load1: 0 },
    {
      t: 10_000,
      total: 2000,
      idle: 2000 - 600 - outside,
      steal: 0,
      k6: 300,
      api: 301,
      self: 0,
      load1,
    },
    2,
  );
const round = (outsides: number[]): Round => ({
  round: 1,
  phase: 'repeat',
  rates: outsides.map((_, i) => 100 + i),
  result: kneeOf(
    outsides.map((o, i) =>
      judgePlateau(
        {
          rate: 100 + i,
          seconds: 10,
          requests: 1000 + 10 * i,
          p95Ms: 100,
          errorRate: 0,
          dropped: 0,
          machine: w(o),
        },
        SLO,
      ),
    ),
  ),
});

describe('assessMachine (issue 28 point 3)', () => {
  it('quiet before and during: reliable', () => {
    const m = assessMachine(w(100), [round([100, 200, 100, 300])]);
    assert.equal(m.reliable, true);
    assert.deepEqual(m.reasons, []);
    assert.equal(m.watchedPlateaus, 4);
  });
  it('a load average above the cores before the search: unreliable, with the figure', () => {
    const m = assessMachine(w(100, 9.8), [round([100])]);
    assert.equal(m.reliable, false);
    assert.match(m.reasons.join(), /before the search: load average 9\.8 on 2 cores/);
  });
  it('more than a quarter of the plateaus with other processes over half a core (of 2): unreliable', () => {
    assert.equal(assessMachine(w(0), [round([0, 0, 0, 1200])]).reliable, true);
    const m = assessMachine(w(0), [round([0, 0, 1200, 1200])]);
    assert.equal(m.reliable, false);
    assert.match(
      m.reasons.join(),
      /during the search: 2 of 4 plateaus noisy \(other processes used 1\.20 of 2 cores, at 102 req\/s\)/,
    );
  });
});
