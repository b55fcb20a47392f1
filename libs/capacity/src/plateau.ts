/**
 * One plateau of the capacity suite: what k6 measured at one arrival rate, and whether
 * the SLO held there. A plateau with too few requests to judge is "not measured", never a pass.
 */
import type { K6Summary } from '@loadlab/k6-runner';
import { generatorBound, type CpuWindow } from './machine-load.ts';

/** The part of the SLO (libs/verdict/slo.json) a plateau is judged on. */
export interface CapacitySlo {
  readonly p95Ms: number;
  readonly maxErrorRate: number;
}

export interface Plateau {
  /** The offered rate, req/s. */
  readonly rate: number;
  readonly seconds: number;
  /** Requests completed (k6 http_reqs) for this plateau. */
  readonly requests: number;
  readonly p95Ms: number | null;
  readonly errorRate: number | null;
  /** Iterations k6 could not start because every VU was busy: the rate was not offered. */
  readonly dropped: number;
  /** Who used the CPU meanwhile (k6, the API, others, idle); absent when not watched. */
  readonly machine?: CpuWindow | null;
}

/** generator-bound: it broke while k6 or the machine, not the server, was out of CPU. */
export type Outcome = 'holds' | 'breaks' | 'generator-bound' | 'not-measured';

export interface JudgedPlateau extends Plateau {
  readonly outcome: Outcome;
  /** Why it breaks or was not measured; empty when it holds. */
  readonly why: string;
}

/** Less than this share of the offered requests completed: the plateau was cut short or starved. */
const MIN_SERVED_SHARE = 0.95;

/** Why a plateau's figures are not sound (a corrupt or hostile summary), or undefined. */
function unsound(p: Plateau): string | undefined {
  const bad: string[] = [];
  if (p.p95Ms !== null && !(Number.isFinite(p.p95Ms) && p.p95Ms >= 0)) bad.push(`p95 ${p.p95Ms}`);
  if (p.errorRate !== null && !(p.errorRate >= 0 && p.errorRate <= 1))
    bad.push(`error rate ${p.errorRate}`);
  if (!(Number.isFinite(p.requests) && p.requests >= 0)) bad.push(`requests ${p.requests}`);
  if (!(Number.isFinite(p.dropped) && p.dropped >= 0)) bad.push(`dropped ${p.dropped}`);
  return bad.length ? `unsound figures in k6's summary: ${bad.join(', ')}` : undefined;
}

export function judgePlateau(p: Plateau, slo: CapacitySlo): JudgedPlateau {
  // A figure that is not a number in its domain is never judged: neither a hold nor a knee.
  const broken = unsound(p);
  if (broken) return { ...p, outcome: 'not-measured', why: broken };
  const offered = p.rate * p.seconds;
  const why: string[] = [];
  if (p.p95Ms !== null && p.p95Ms >= slo.p95Ms)
    why.push(`p95 ${p.p95Ms.toFixed(0)} ms ≥ ${slo.p95Ms} ms`);
  if (p.errorRate !== null && p.errorRate >= slo.maxErrorRate)
    why.push(`errors ${(p.errorRate * 100).toFixed(2)}% ≥ ${slo.maxErrorRate * 100}%`);
  if (p.dropped > offered * (1 - MIN_SERVED_SHARE))
    why.push(`${p.dropped} of ${offered} requests never sent (k6 ran out of VUs)`);
  if (why.length) {
    // Failed requests are the server's answer (or refusal); a starved generator sends late, not wrong.
    const failed = p.errorRate !== null && p.errorRate >= slo.maxErrorRate;
    const bound = p.machine && !failed ? generatorBound(p.machine) : null;
    if (bound) return { ...p, outcome: 'generator-bound', why: `${why.join('; ')}, but ${bound}` };
    return { ...p, outcome: 'breaks', why: why.join('; ') };
  }
  if (p.p95Ms === null || p.errorRate === null || p.requests < offered * MIN_SERVED_SHARE) {
    return {
      ...p,
      outcome: 'not-measured',
      why: `${p.requests} of ${offered} requests measured (run aborted or cut short)`,
    };
  }
  return { ...p, outcome: 'holds', why: '' };
}

/** The per-plateau figures out of the summary the capacity suite writes (scenario plateau-NN). */
export function plateausFromSummary(
  summary: K6Summary,
  rates: readonly number[],
  seconds: number,
): Plateau[] {
  return rates.map((rate, i) => {
    const tag = `{scenario:plateau-${String(i).padStart(2, '0')}}`;
    const v = (metric: string, stat: string): number | undefined =>
      summary.metrics[`${metric}${tag}`]?.values[stat];
    const requests = v('http_reqs', 'count') ?? 0;
    return {
      rate,
      seconds,
      requests,
      p95Ms: requests ? (v('http_req_duration', 'p(95)') ?? null) : null,
      errorRate: requests ? (v('http_req_failed', 'rate') ?? null) : null,
      dropped: v('dropped_iterations', 'count') ?? 0,
    };
  });
}

export interface LadderResult {
  readonly plateaus: readonly JudgedPlateau[];
  /** The highest rate that held, with every lower plateau holding too; null if the first broke. */
  readonly knee: number | null;
  /** The first rate that broke; null if none did. */
  readonly firstBreak: number | null;
  /** A plateau before any break could not be judged: this ladder says nothing about the knee. */
  readonly inconclusive: boolean;
  /** The rate that broke while the generator, not the server, ran out (then firstBreak is null). */
  readonly generatorBound?: number | null;
}

/** The knee of one ladder: plateaus after the first break (or a gap) say nothing about it. */
export function kneeOf(plateaus: readonly JudgedPlateau[]): LadderResult {
  let knee: number | null = null;
  for (const p of plateaus) {
    if (p.outcome === 'breaks') return { plateaus, knee, firstBreak: p.rate, inconclusive: false };
    if (p.outcome === 'generator-bound')
      return { plateaus, knee, firstBreak: null, inconclusive: false, generatorBound: p.rate };
    if (p.outcome === 'not-measured')
      return { plateaus, knee, firstBreak: null, inconclusive: true };
    knee = p.rate;
  }
  return { plateaus, knee, firstBreak: null, inconclusive: false };
}
