/**
 * The knee finder: the highest arrival rate at which one replica still meets the SLO.
 *
 *   1. coarse: a geometric ladder (×2 by default) until a plateau breaks;
 *   2. fine: a linear ladder between the last rate that held and the first that broke;
 *   3. repeats: ladders of ±span around the median knee so far, until at least `minRepeats`
 *      knees, and more than half of them, lie within ±stableSpread/2 of that median, or the
 *      rounds run out. On a shared machine a neighbour's burst makes an outlier now and then;
 *      a majority that agrees is the figure, and every knee stays in the report.
 * The figure is the median of the agreeing knees; their min and max are its spread.
 * Every loop is bounded by maxRounds; a ladder is one measurement (one k6 run).
 */
import type { LadderResult } from './plateau.ts';

export type MeasureLadder = (rates: readonly number[], round: number) => Promise<LadderResult>;

export interface FinderOptions {
  readonly startRate: number;
  readonly maxRate: number;
  readonly coarseFactor: number;
  /** Plateaus per coarse run. */
  readonly coarseSteps: number;
  readonly fineSteps: number;
  /** Repeat ladders cover estimate × (1 ± span). */
  readonly repeatSpan: number;
  readonly repeatSteps: number;
  readonly minRepeats: number;
  /** Knees within ±stableSpread/2 of the median agree. */
  readonly stableSpread: number;
  readonly maxRounds: number;
}

export const DEFAULT_FINDER: FinderOptions = {
  startRate: 10,
  maxRate: 10_000,
  coarseFactor: 2,
  coarseSteps: 6,
  fineSteps: 8,
  repeatSpan: 0.15,
  repeatSteps: 7,
  minRepeats: 3,
  stableSpread: 0.1,
  maxRounds: 16,
};

export interface Round {
  readonly round: number;
  readonly phase: 'coarse' | 'fine' | 'repeat';
  readonly rates: readonly number[];
  readonly result: LadderResult;
}

export interface CapacityResult {
  /** Requests per second one replica holds within the SLO; null when it could not be found. */
  readonly capacity: number | null;
  readonly stable: boolean;
  /** The knees of the repeat ladders, in order. */
  readonly estimates: readonly number[];
  /** How many estimates agree (lie within ±stableSpread/2 of the median). */
  readonly agreeing: number;
  /** Of the agreeing estimates, which the figure is the median of. */
  readonly spread: Spread | null;
  /** Of every estimate, outliers included. */
  readonly allSpread: Spread | null;
  readonly rounds: readonly Round[];
  /** Why there is no (stable) figure. */
  readonly reason?: string;
  /** A plateau broke because k6 or the machine ran out of CPU: no server figure was taken. */
  readonly generatorBoundAt?: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Whole, ascending, distinct rates ≥ 1 (the suite only takes whole req/s). */
export function cleanRates(rates: readonly number[]): number[] {
  return [...new Set(rates.map((r) => Math.max(1, Math.round(r))))].sort((a, b) => a - b);
}

export function geometricLadder(from: number, to: number, factor: number): number[] {
  const out: number[] = [];
  for (let r = from; r < to * factor && out.length < 40; r *= factor) out.push(Math.min(r, to));
  return cleanRates(out);
}

export function linearLadder(from: number, to: number, steps: number): number[] {
  if (steps < 2 || to <= from) return cleanRates([from]);
  return cleanRates(
    Array.from({ length: steps }, (_, i) => from + ((to - from) * i) / (steps - 1)),
  );
}

export interface Spread {
  readonly min: number;
  readonly max: number;
  /** (max − min) / median. */
  readonly relative: number;
}

export function spreadOf(xs: readonly number[]): Spread {
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  return { min, max, relative: (max - min) / median(xs) };
}

class GeneratorBound extends Error {
  readonly rate: number;
  constructor(rate: number) {
    super(
      `generator-bound at ${rate} req/s: give k6 its own cores or use --parallelism on another machine`,
    );
    this.rate = rate;
  }
}

export async function findCapacity(
  measure: MeasureLadder,
  options: Partial<FinderOptions> = {},
): Promise<CapacityResult> {
  const rounds: Round[] = [];
  try {
    return await search(measure, options, rounds);
  } catch (err) {
    if (!(err instanceof GeneratorBound)) throw err;
    return { ...noFigure(rounds, err.message), generatorBoundAt: err.rate };
  }
}

function noFigure(rounds: readonly Round[], reason: string): CapacityResult {
  return {
    capacity: null,
    stable: false,
    estimates: [],
    agreeing: 0,
    spread: null,
    allSpread: null,
    rounds,
    reason,
  };
}

async function search(
  measure: MeasureLadder,
  options: Partial<FinderOptions>,
  rounds: Round[],
): Promise<CapacityResult> {
  const o = { ...DEFAULT_FINDER, ...options };
  if (!(o.startRate >= 1 && o.maxRate > o.startRate && o.coarseFactor > 1 && o.minRepeats >= 1))
    throw new Error(
      `finder options: need 1 ≤ startRate < maxRate, coarseFactor > 1, minRepeats ≥ 1, got ${JSON.stringify(o)}`,
    );
  const run = async (phase: Round['phase'], rates: number[]) => {
    const result = await measure(rates, rounds.length + 1);
    rounds.push({ round: rounds.length + 1, phase, rates, result });
    // The generator, not the server, gave out: nothing past here measures the server.
    if (result.generatorBound != null) throw new GeneratorBound(result.generatorBound);
    return result;
  };
  const none = (reason: string) => noFigure(rounds, reason);

  // 1. coarse: from startRate up, coarseSteps plateaus per run (k6 allocates VUs for every
  // plateau of a run, so one run never spans 10 to 20000); if even the first breaks, step down.
  let low = o.startRate;
  let lastHeld: number | null = null;
  let firstBreak: number | null = null;
  while (rounds.length < o.maxRounds) {
    const rates = geometricLadder(low, o.maxRate, o.coarseFactor).slice(0, o.coarseSteps);
    const r = await run('coarse', rates);
    if (r.inconclusive) continue;
    if (r.firstBreak === null) {
      if (rates.at(-1)! >= o.maxRate)
        return none(`every plateau up to ${o.maxRate} req/s held: raise the maximum rate`);
      low = rates.at(-1)!;
      continue;
    }
    if (r.knee !== null) {
      lastHeld = r.knee;
      firstBreak = r.firstBreak;
      break;
    }
    if (low <= 1) return none('even 1 req/s breaks the SLO: is the service working?');
    low = Math.max(1, Math.floor(low / o.coarseFactor ** 3));
  }
  if (lastHeld === null || firstBreak === null)
    return none(`no ladder was conclusive in ${o.maxRounds} rounds`);

  // 2. fine: between the last rate that held and the first that broke.
  let center = lastHeld;
  while (rounds.length < o.maxRounds) {
    const r = await run('fine', linearLadder(lastHeld, firstBreak, o.fineSteps));
    if (r.inconclusive) continue;
    center = r.knee ?? lastHeld;
    break;
  }

  // 3. repeats around the estimate until the figure is stable.
  const estimates: number[] = [];
  while (rounds.length < o.maxRounds) {
    const rates = linearLadder(
      center * (1 - o.repeatSpan),
      center * (1 + o.repeatSpan),
      o.repeatSteps,
    );
    const r = await run('repeat', rates);
    if (r.inconclusive) continue;
    if (r.knee === null) {
      // The knee lies below this ladder: move down, and do not count the round as an estimate.
      center = rates[0]! * (1 - o.repeatSpan);
      continue;
    }
    if (r.firstBreak === null) {
      center = rates.at(-1)! * (1 + o.repeatSpan);
      continue;
    }
    estimates.push(r.knee);
    center = median(estimates);
    const agree = agreeing(estimates, o.stableSpread);
    if (agree.length >= o.minRepeats && agree.length * 2 > estimates.length) {
      return result(true, agree);
    }
  }
  if (!estimates.length) return none(`no repeat ladder found the knee in ${o.maxRounds} rounds`);
  return {
    ...result(false, agreeing(estimates, o.stableSpread)),
    reason: `the knee did not settle: ${estimates.join(', ')} req/s in ${o.maxRounds} rounds, no majority within ±${(o.stableSpread * 50).toFixed(0)}%`,
  };

  function result(stable: boolean, agree: readonly number[]): CapacityResult {
    // Unsettled: the median of every knee, not of a lucky pair that happens to agree.
    const basis = stable ? agree : estimates;
    return {
      capacity: median(basis),
      stable,
      estimates,
      agreeing: agree.length,
      spread: spreadOf(basis),
      allSpread: spreadOf(estimates),
      rounds,
    };
  }
}

/** The estimates within ±spread/2 of their median. */
export function agreeing(estimates: readonly number[], spread: number): number[] {
  const m = median(estimates);
  return estimates.filter((e) => Math.abs(e - m) <= (m * spread) / 2 + 1e-9);
}
