/**
 * Every setting a suite reads from k6's environment (`k6 run -e NAME=value`, a TestRun's env,
 * compose), parsed once by one valibot schema; a bad value aborts the run in init, naming it.
 *
 * Once per k6 process, not once per VU: the parse runs in a SharedArray callback, which k6 calls
 * a single time and whose result every VU shares read-only. The schema is built inside that call
 * too: every VU evaluates the bundle's top level, and valibot's schema objects, not its code, are
 * what would cost each VU memory (measured in the project's README).
 */
import { SharedArray } from 'k6/data';
import * as v from 'valibot';
import catalog from '../../suites.json' with { type: 'json' };

/** Builds the schema: called only in the SharedArray callback (see the header). */
function envSchema() {
  /** A number in [min, max], from the string k6 hands over. */
  const numberIn = (min: number, max = Infinity) =>
    v.message(
      v.pipe(v.string(), v.toNumber(), v.finite(), v.minValue(min), v.maxValue(max)),
      `a number from ${min} to ${max}`,
    );

  const httpUrl = v.message(v.pipe(v.string(), v.regex(/^https?:\/\/[^/\s]+/)), 'an http(s) URL');

  /** "20,40,80": whole, ascending rates in req/s. */
  const plateaus = v.message(
    v.pipe(
      v.string(),
      v.transform((raw) => raw.split(',').map((s) => Number(s.trim()))),
      v.everyItem((r) => Number.isInteger(r) && r >= 1 && r <= 100_000),
      v.check((rates) => rates.every((r, i) => i === 0 || r > rates[i - 1]!)),
    ),
    'whole, ascending rates of 1-100000 req/s, e.g. 20,40,80',
  );

  const profiles = Object.keys(catalog.profiles) as (keyof typeof catalog.profiles)[];

  return v.pipe(
    v.object({
      /** The API root, e.g. http://127.0.0.1:4000. */
      BASE_URL: v.optional(httpUrl),
      /** The tutorial's variable: the list URL, e.g. http://10.0.0.7:4000/crocodiles. */
      ENDPOINT: v.optional(httpUrl),
      /** Compressed time and VUs, same shape (apps/load-tests/suites.json). */
      PROFILE: v.optional(v.message(v.picklist(profiles), `one of ${profiles.join(', ')}`), 'full'),
      /** Explicit compression factors; they override the profile's. */
      TIME_SCALE: v.optional(numberIn(0.001, 100)),
      VU_SCALE: v.optional(numberIn(0.001, 100)),
      /** Ties every sample of one run together, in Prometheus and InfluxDB. */
      TESTID: v.optional(v.string(), 'local'),
      /** The SLO (libs/verdict/slo.json passes its own): the tutorial's p95 < 700 ms and 1% errors. */
      P95_MS: v.optional(numberIn(1), '700'),
      P99_MS: v.optional(numberIn(1), '1500'),
      MAX_ERROR_RATE: v.optional(numberIn(0, 1), '0.01'),
      MIN_CHECKS_RATE: v.optional(numberIn(0, 1), '0.99'),
      /** false keeps the load going when errors break the SLO (a fault test). */
      ABORT_ON_FAIL: v.optional(
        v.message(
          v.pipe(
            v.picklist(['true', 'false']),
            v.transform((s) => s === 'true'),
          ),
          'true or false',
        ),
        'true',
      ),
      /** Where the summary JSON goes, for the verdict engine. */
      SUMMARY_PATH: v.optional(v.string()),
      /** capacity: the plateaus and the length of each. */
      PLATEAUS: v.optional(plateaus),
      PLATEAU_SECONDS: v.optional(numberIn(1, 3600), '30'),
      /** scale-out: a rate, or the policy it is sized from; RATE_SCALE defaults to VU_SCALE. */
      RATE: v.optional(numberIn(1)),
      SCALE_THRESHOLD: v.optional(numberIn(1)),
      SCALE_MAX_REPLICAS: v.optional(numberIn(1)),
      RATE_SCALE: v.optional(numberIn(0.001, 100)),
    }),
    v.check(
      (env) => env.BASE_URL !== undefined || env.ENDPOINT !== undefined,
      'set BASE_URL (e.g. http://127.0.0.1:4000) or ENDPOINT (e.g. http://127.0.0.1:4000/crocodiles)',
    ),
  );
}

export type Env = v.InferOutput<ReturnType<typeof envSchema>>;

/** Parses k6's environment; an empty value counts as unset. Throws one line per bad value. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const set = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ''));
  const result = v.safeParse(envSchema(), set);
  if (result.success) return result.output;
  // One line per bad value: a value can break two rules of its schema with the same message.
  const lines = result.issues.map((issue) => {
    const name = issue.path?.[0]?.key;
    return typeof name === 'string'
      ? `${name} must be ${issue.message}, got "${set[name]}"`
      : issue.message;
  });
  throw new Error([...new Set(lines)].join('; '));
}

export const env: Env = new SharedArray('loadlab env', () => [parseEnv(__ENV)])[0]!;
