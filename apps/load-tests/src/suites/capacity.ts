/**
 * Capacity of one replica: a stepped constant arrival rate, one scenario per plateau, so
 * each plateau's p95, error rate and dropped iterations come out of the summary on their own.
 * The knee finder (libs/capacity) runs this several times, narrowing the ladder around the knee.
 *
 *   PLATEAUS          ascending rates in req/s, comma-separated, e.g. "20,40,80,160"
 *   PLATEAU_SECONDS   length of each plateau (default 30)
 *   P95_MS, MAX_ERROR_RATE   the SLO each plateau is judged against (libs/verdict/slo.json)
 *
 * A plateau that breaks the SLO aborts the run once it has ended: the plateaus above it
 * would only pile more load on a service already past its knee.
 */
import { expectList } from '../lib/checks.ts';
import { crocodiles } from '../lib/crocodiles.ts';
import * as v from 'valibot';
import { decimal, loadEnv, MAX_RATE } from '../lib/env.ts';
import { common } from '../lib/options.ts';
import { slo } from '../lib/thresholds.ts';
import { summaryHandler } from '../lib/summary.ts';

/** "20,40,80": whole, ascending rates in req/s. */
const plateaus = () =>
  v.pipe(
    v.string(),
    v.transform((raw) => raw.split(',').map((s) => (s.trim() === '' ? NaN : Number(s.trim())))),
    v.everyItem(
      (r) => Number.isInteger(r) && r >= 1 && r <= MAX_RATE,
      `whole rates of 1-${MAX_RATE} req/s, comma-separated, e.g. 20,40,80`,
    ),
    v.check(
      (rates) => rates.every((r, i) => i === 0 || r > rates[i - 1]!),
      'ascending, e.g. 20,40,80',
    ),
  );

const own = loadEnv('capacity', () =>
  v.object({
    PLATEAUS: v.optional(plateaus()),
    PLATEAU_SECONDS: v.optional(decimal({ min: 1, max: 3600 }), '30'),
  }),
);
if (!own.PLATEAUS)
  throw new Error('capacity needs PLATEAUS, e.g. -e PLATEAUS=20,40,80 (req/s, ascending)');
const rates = own.PLATEAUS;
const seconds = own.PLATEAU_SECONDS;
const target = slo();

/** plateau-00, plateau-01, ...: the scenario tag the finder reads back from the summary. */
const plateauName = (i: number): string => `plateau-${String(i).padStart(2, '0')}`;

const vusFor = (rate: number) => Math.ceil((rate * target.p95Ms) / 1000) + 10;

const scenarios: Record<string, object> = {};
const thresholds: Record<string, (string | object)[]> = {};
rates.forEach((rate, i) => {
  const name = plateauName(i);
  scenarios[name] = {
    executor: 'constant-arrival-rate',
    rate,
    timeUnit: '1s',
    duration: `${seconds}s`,
    startTime: `${i * seconds}s`,
    // While p95 holds, requests in flight stay below rate × p95 (Little's law with mean ≤ p95),
    // so maxVUs never limit a plateau that meets the SLO; past the knee they run out and k6
    // drops iterations. Half of them up front: allocating all of them for every plateau
    // made k6's first plateau stall (a heap of idle VUs to collect on a busy machine).
    preAllocatedVUs: Math.ceil(vusFor(rate) / 2),
    maxVUs: vusFor(rate),
    // Slow requests of a plateau past its knee still count for it, up to three times the SLO.
    gracefulStop: `${Math.ceil((3 * target.p95Ms) / 1000)}s`,
  };
  // Evaluated once the plateau has ended, so a slow start alone never aborts the run.
  const abort = { abortOnFail: true, delayAbortEval: `${(i + 1) * seconds + 1}s` };
  thresholds[`http_req_duration{scenario:${name}}`] = [
    { threshold: `p(95)<${target.p95Ms}`, ...abort },
  ];
  thresholds[`http_req_failed{scenario:${name}}`] = [
    { threshold: `rate<${target.maxErrorRate}`, ...abort },
  ];
  // Listed so that the summary carries them per plateau; they never fail.
  thresholds[`http_reqs{scenario:${name}}`] = ['count>=0'];
  thresholds[`dropped_iterations{scenario:${name}}`] = ['count>=0'];
});

export const options = { ...common('capacity'), scenarios, thresholds };

export default function (): void {
  expectList(crocodiles.list());
}

export const handleSummary = summaryHandler('capacity');
