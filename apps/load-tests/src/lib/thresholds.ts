/**
 * Pass/fail criteria, as k6 thresholds. Defaults are the tutorial's (p95 < 700 ms)
 * plus an error budget of 1%; every one can be overridden from the environment.
 */
import { num, str } from './env.ts';

export interface Slo {
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxErrorRate: number;
  readonly minChecksRate: number;
}

export function slo(): Slo {
  return {
    p95Ms: num('P95_MS', 700, { min: 1 }),
    p99Ms: num('P99_MS', 1500, { min: 1 }),
    maxErrorRate: num('MAX_ERROR_RATE', 0.01, { max: 1 }),
    minChecksRate: num('MIN_CHECKS_RATE', 0.99, { max: 1 }),
  };
}

export function thresholds(s: Slo = slo()) {
  return {
    http_req_duration: [`p(95)<${s.p95Ms}`, `p(99)<${s.p99Ms}`],
    // Failing requests make every other figure meaningless: stop early, after 10 s of data.
    // ABORT_ON_FAIL=false keeps the load going (a fault test: the scaling under it is judged too).
    http_req_failed: [
      {
        threshold: `rate<${s.maxErrorRate}`,
        abortOnFail: str('ABORT_ON_FAIL') !== 'false',
        delayAbortEval: '10s',
      },
    ],
    checks: [`rate>${s.minChecksRate}`],
  };
}
