/**
 * Pass/fail criteria, as k6 thresholds. Defaults are the tutorial's (p95 < 700 ms)
 * plus an error budget of 1%; every one can be overridden from the environment.
 */
import { env } from './env.ts';

export interface Slo {
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxErrorRate: number;
  readonly minChecksRate: number;
}

export function slo(): Slo {
  return {
    p95Ms: env.P95_MS,
    p99Ms: env.P99_MS,
    maxErrorRate: env.MAX_ERROR_RATE,
    minChecksRate: env.MIN_CHECKS_RATE,
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
        abortOnFail: env.ABORT_ON_FAIL,
        delayAbortEval: '10s',
      },
    ],
    checks: [`rate>${s.minChecksRate}`],
  };
}
