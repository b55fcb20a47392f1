import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCapacity, geometricLadder, linearLadder, type MeasureLadder } from './knee-finder.ts';
import { windowBetween } from './machine-load.ts';
import { judgePlateau, kneeOf, type Plateau } from './plateau.ts';

const SLO = { p95Ms: 700, maxErrorRate: 0.01 };

/** A ladder answered by a rule, not by k6: these tests check the search, not the measurement. */
function rule(
  kneeOfRound: (round: number, rates: readonly number[]) => number,
): MeasureLadder & { calls: number[][] } {
  const calls: number[][] = [];
  const measure = async (rates: readonly number[], round: number) => {
    calls.push([...rates]);
    const knee = kneeOfRound(round, rates);
    const plateaus = rates.map((rate) =>
      judgePlateau(
        {
          rate,
          seconds: 10,
          requests: rate * 10,
          p95Ms: rate <= knee ? 100 : 2000,
          errorRate: 0,
          dropped: 0,
        },
        SLO,
      ),
    );
    return kneeOf(plateaus);
  };
  return Object.assign(measure, { calls });
}

describe('ladders', () => {
  it('geometric: doubles up to the maximum, whole and distinct', () => {
    assert.deepEqual(geometricLadder(10, 100, 2), [10, 20, 40, 80, 100]);
  });
  it('linear: evenly spaced, rounded, no duplicates', () => {
    assert.deepEqual(linearLadder(100, 200, 5), [100, 125, 150, 175, 200]);
    assert.deepEqual(linearLadder(1, 2, 8), [1, 2]);
  });
});

describe('findCapacity', () => {
  it('lands on a fixed knee, stable, with zero spread', async () => {
    const m = rule(() => 180);
    const r = await findCapacity(m);
    assert.equal(r.stable, true);
    assert.ok(r.capacity! <= 180 && r.capacity! >= 180 * 0.9, `capacity ${r.capacity}`);
    assert.equal(r.estimates.length, 3);
    assert.equal(r.rounds[0]!.phase, 'coarse');
    assert.equal(r.rounds[1]!.phase, 'fine');
  });

  it('keeps repeating while the knee moves, and reports the spread it settled to', async () => {
    // Noisy at first (about ±10%), then steady: the figure is the median of the last three.
    const knees = [400, 400, 400, 340, 380, 370, 372, 370, 370, 370];
    const r = await findCapacity(
      rule((round) => knees[round - 1]!),
      { maxRounds: 10 },
    );
    assert.equal(r.stable, true);
    assert.ok(r.estimates.length > 3, `estimates ${r.estimates}`);
    assert.ok(r.spread!.relative <= 0.1);
    assert.ok(Math.abs(r.capacity! - 370) / 370 < 0.05, `capacity ${r.capacity}`);
  });

  it('says "not stable" when the knee never settles, never a made-up figure', async () => {
    // The knee cycles through -15%, 0, +15% of the middle of whatever ladder runs: no three agree.
    const jumpy = (round: number, rates: readonly number[]) =>
      ((rates[0]! + rates.at(-1)!) / 2) * [0.85, 1, 1.15][round % 3]!;
    const r = await findCapacity(rule(jumpy), { maxRounds: 7 });
    assert.equal(r.stable, false);
    assert.match(r.reason!, /did not settle/);
    assert.ok(r.allSpread!.relative > 0.1);
  });

  it('one outlier (a noisy neighbour) does not move the figure; it stays in the spread', async () => {
    // The second repeat (round 5) lands near the top of its ladder, well above the others.
    const noisy = (round: number, rates: readonly number[]) => (round === 5 ? rates.at(-2)! : 400);
    const r = await findCapacity(rule(noisy));
    assert.equal(r.stable, true);
    assert.ok(Math.abs(r.capacity! - 400) / 400 <= 0.05, `capacity ${r.capacity}`);
    assert.equal(r.estimates.length, 4, `${r.estimates}`);
    assert.ok(r.allSpread!.max > 420, `${r.estimates}`);
  });

  it('no figure when every plateau holds up to the maximum rate', async () => {
    const r = await findCapacity(
      rule(() => 1e9),
      { maxRate: 1000 },
    );
    assert.equal(r.capacity, null);
    assert.match(r.reason!, /raise the maximum rate/);
  });

  it('steps below the start rate when the first plateau already breaks', async () => {
    const r = await findCapacity(
      rule(() => 3),
      { startRate: 10 },
    );
    assert.equal(r.stable, true);
    assert.ok(r.capacity! >= 2 && r.capacity! <= 3, `capacity ${r.capacity}`);
  });

  it('no figure when even 1 req/s breaks', async () => {
    const r = await findCapacity(
      rule(() => 0),
      { startRate: 1 },
    );
    assert.equal(r.capacity, null);
    assert.match(r.reason!, /1 req\/s/);
  });

  it('rejects nonsense options with their values', async () => {
    await assert.rejects(
      findCapacity(
        rule(() => 1),
        { startRate: 0 },
      ),
      /startRate/,
    );
  });
});

/** One plateau of 100 req/s for 10 s that holds. */
const base: Plateau = {
  rate: 100,
  seconds: 10,
  requests: 1000,
  p95Ms: 100,
  errorRate: 0,
  dropped: 0,
};

describe('judgePlateau', () => {
  it('holds within the SLO', () => assert.equal(judgePlateau(base, SLO).outcome, 'holds'));
  it('breaks on p95, on errors, on requests k6 could not send', () => {
    assert.match(judgePlateau({ ...base, p95Ms: 700 }, SLO).why, /p95 700 ms/);
    assert.match(judgePlateau({ ...base, errorRate: 0.02 }, SLO).why, /errors 2\.00%/);
    assert.match(judgePlateau({ ...base, dropped: 80 }, SLO).why, /never sent/);
  });
  it('a plateau cut short is not measured, never a pass', () => {
    assert.equal(judgePlateau({ ...base, requests: 300 }, SLO).outcome, 'not-measured');
    assert.equal(
      judgePlateau({ ...base, requests: 0, p95Ms: null, errorRate: null }, SLO).outcome,
      'not-measured',
    );
  });
  it('unsound figures (NaN, Inf, negative, a ratio above 1) are not measured, never a hold or a knee', () => {
    for (const bad of [
      { p95Ms: Number.NaN },
      { p95Ms: Number.POSITIVE_INFINITY },
      { p95Ms: -1 },
      { errorRate: Number.NaN },
      { errorRate: -0.01 },
      { errorRate: 1.5 },
      { requests: Number.NaN },
      { dropped: -3 },
    ]) {
      const r = judgePlateau({ ...base, ...bad }, SLO);
      assert.equal(r.outcome, 'not-measured', JSON.stringify(bad));
      assert.match(r.why, /unsound figures in k6's summary/);
    }
  });
  it('a gap before any break makes the ladder inconclusive', () => {
    const j = (p: Partial<Plateau>) => judgePlateau({ ...base, ...p }, SLO);
    const r = kneeOf([j({ rate: 10 }), j({ rate: 20, requests: 0 }), j({ rate: 40, p95Ms: 900 })]);
    assert.equal(r.inconclusive, true);
  });
});

describe('generator-bound plateaus are never a knee (issue 28 point 2)', () => {
  /** 10 s on 2 cores: 2000 jiffies; `idle` of them idle, the API on `api` of them. */
  const machine = (idle: number, api: number) =>
    windowBetween(
      { t: 0, total: 0, idle: 0, steal: 0, k6: 0, api: 1, self: 0, load1: 0 },
      {
        t: 10_000,
        total: 2000,
        idle,
        steal: 0,
        k6: 1900 - idle - api,
        api: 1 + api,
        self: 0,
        load1: 0,
      },
      2,
    );
  it('a break with no idle CPU and the API under one core is generator-bound, not a break', () => {
    const p = judgePlateau({ ...base, dropped: 80, machine: machine(60, 700) }, SLO);
    assert.equal(p.outcome, 'generator-bound');
    assert.match(p.why, /never sent \(k6 ran out of VUs\), but the machine had 3% idle CPU/);
  });
  it('the same break with idle CPU, or with the API at a full core, is the server', () => {
    assert.equal(
      judgePlateau({ ...base, dropped: 80, machine: machine(800, 700) }, SLO).outcome,
      'breaks',
    );
    assert.equal(
      judgePlateau({ ...base, dropped: 80, machine: machine(60, 1000) }, SLO).outcome,
      'breaks',
    );
  });
  it('a break on errors is the server: failed requests are its answer, not a late generator', () =>
    assert.equal(
      judgePlateau({ ...base, errorRate: 1, machine: machine(60, 700) }, SLO).outcome,
      'breaks',
    ));
  it('a plateau that holds holds, however busy the machine', () =>
    assert.equal(judgePlateau({ ...base, machine: machine(0, 500) }, SLO).outcome, 'holds'));
  it('the search stops at the first generator-bound ladder and reports no capacity', async () => {
    const measure: MeasureLadder = async (rates) =>
      kneeOf(
        rates.map((rate) =>
          judgePlateau(
            rate < 160
              ? { ...base, rate, requests: rate * 10 }
              : {
                  ...base,
                  rate,
                  requests: rate * 10,
                  dropped: rate * 5,
                  machine: machine(40, 600),
                },
            SLO,
          ),
        ),
      );
    const r = await findCapacity(measure, { startRate: 10, maxRate: 1000 });
    assert.equal(r.capacity, null);
    assert.equal(r.generatorBoundAt, 160);
    assert.equal(
      r.reason,
      'generator-bound at 160 req/s: give k6 its own cores or use --parallelism on another machine',
    );
    assert.deepEqual(r.estimates, []);
  });
});
