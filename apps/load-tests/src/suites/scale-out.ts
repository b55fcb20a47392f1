/**
 * An arrival-rate test sized to push the KEDA metric, sum(rate(node_http_requests_total[2m])),
 * above threshold × maxReplicas, so the autoscaler must go all the way to max.
 * (The tutorial's 200 VUs with sleep(3) make ~64 req/s: 2 replicas at threshold 50.)
 *
 *   RATE                          requests per second to hold; or
 *   SCALE_THRESHOLD, SCALE_MAX_REPLICAS   from the scaling policy (the nx target passes them):
 *                                 RATE = ceil(threshold × max × 1.2)
 *   RATE_SCALE                    compresses the rate like VU_SCALE (default: VU_SCALE)
 */
import { expectCrocodile, expectList } from '../lib/checks.ts';
import { config } from '../lib/config.ts';
import { crocodiles } from '../lib/crocodiles.ts';
import * as v from 'valibot';
import { decimal, loadEnv, MAX_RATE, scaleFactor } from '../lib/env.ts';
import { dur } from '../lib/scale.ts';
import { common } from '../lib/options.ts';
import { summaryHandler } from '../lib/summary.ts';

const own = loadEnv('scale-out', () =>
  v.object({
    RATE: v.optional(decimal({ min: 1, max: MAX_RATE })),
    SCALE_THRESHOLD: v.optional(decimal({ above: 0, max: MAX_RATE })),
    SCALE_MAX_REPLICAS: v.optional(decimal({ min: 1, max: 1000, whole: true })),
    RATE_SCALE: v.optional(scaleFactor()),
  }),
);

function fullRate(): number {
  if (own.RATE !== undefined) return own.RATE;
  if (own.SCALE_THRESHOLD !== undefined && own.SCALE_MAX_REPLICAS !== undefined) {
    const rate = Math.ceil(own.SCALE_THRESHOLD * own.SCALE_MAX_REPLICAS * 1.2);
    if (rate > MAX_RATE)
      throw new Error(
        `SCALE_THRESHOLD × SCALE_MAX_REPLICAS × 1.2 must be at most ${MAX_RATE} req/s, got ${rate}: set RATE instead`,
      );
    return rate;
  }
  throw new Error(
    'scale-out needs RATE, or SCALE_THRESHOLD and SCALE_MAX_REPLICAS (nx run load-tests:scale-out sets them)',
  );
}

const rate = Math.max(1, Math.round(fullRate() * (own.RATE_SCALE ?? config.vuScale)));

export const options = {
  scenarios: {
    scaleOut: {
      executor: 'ramping-arrival-rate',
      startRate: 0,
      timeUnit: '1s',
      // Enough VUs for the rate at ~300 ms per request; more if the service slows down.
      preAllocatedVUs: Math.ceil(rate * 0.3),
      maxVUs: Math.max(10, rate * 2),
      stages: [
        { duration: dur('2m'), target: rate },
        { duration: dur('8m'), target: rate },
        { duration: dur('1m'), target: 0 },
      ],
    },
  },
  ...common('scale-out'),
};

export default function (): void {
  if (Math.random() < 0.5) expectList(crocodiles.list());
  else expectCrocodile(crocodiles.get(1 + Math.floor(Math.random() * 8)));
}

export const handleSummary = summaryHandler('scale-out');
