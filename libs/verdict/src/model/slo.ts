/**
 * The service level objectives, and beside them which checks are required: a required check
 * decides the run, the others are shown but inform only. By default every check is required.
 */
import { z } from 'zod';

/** The local run's checks (client from k6's summary, server from Prometheus). */
export const SLO_CHECK_IDS = [
  'client-p95',
  'client-p99',
  'client-errors',
  'client-checks',
  'k6-thresholds',
  'server-p95',
  'server-errors',
  'server-saw-load',
] as const;

/** The scaling verifier's checks. */
export const SCALING_CHECK_IDS = [
  'scale-up',
  'right-size',
  'scale-down',
  'no-flapping',
  'errors-while-scaling',
  'load-spread',
  'model',
] as const;

export type SloCheckId = (typeof SLO_CHECK_IDS)[number];
export type ScalingCheckId = (typeof SCALING_CHECK_IDS)[number];

const checkList = <T extends readonly [string, ...string[]]>(ids: T, verdict: string) =>
  z
    .array(z.enum(ids, { error: `expected a ${verdict} check id (known: ${ids.join(', ')})` }), {
      error: 'expected a list of check ids',
    })
    .readonly();

const RequiredChecksSchema = z.strictObject(
  {
    run: checkList(SLO_CHECK_IDS, 'run').default(SLO_CHECK_IDS),
    scaling: checkList(SCALING_CHECK_IDS, 'scaling').default(SCALING_CHECK_IDS),
  },
  { error: 'expected { "run": [...], "scaling": [...] }' },
);

const above0 = z.number({ error: 'expected a number above 0' }).positive({
  error: 'expected a number above 0',
});
const rate = z.number({ error: 'expected a rate from 0 to 1' }).min(0).max(1, {
  error: 'expected a rate from 0 to 1',
});

/** The SLO file (libs/verdict/slo.json or --slo): the one reading of it. */
export const SloSchema = z.preprocess(
  // Anything but an object is read as {}, so the error names every field it lacks.
  (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {}),
  z.strictObject({
    p95Ms: above0,
    p99Ms: above0,
    maxErrorRate: rate,
    minChecksRate: rate,
    required: RequiredChecksSchema.default({ run: SLO_CHECK_IDS, scaling: SCALING_CHECK_IDS }),
  }),
);

export type Slo = z.output<typeof SloSchema>;
export type RequiredChecks = Slo['required'];

export const DEFAULT_REQUIRED: RequiredChecks = { run: SLO_CHECK_IDS, scaling: SCALING_CHECK_IDS };
