/**
 * Every setting a suite reads from k6's environment (`k6 run -e NAME=value`, a TestRun's env,
 * compose), parsed by valibot schemas: the variables every suite shares here, a suite's own in
 * that suite (so a stray RATE in the shell cannot stop smoke). A bad value aborts the run in init
 * with one line per value, naming it, what it must be and what it was.
 *
 * Once per k6 process, not once per VU: each parse runs in a SharedArray callback, which k6 calls
 * a single time and whose result every VU shares read-only. The schemas are built inside that
 * call too: every VU evaluates the bundle's top level, and valibot's schema objects, not its code,
 * are what would cost each VU memory (measured in the project's README).
 */
import { SharedArray } from 'k6/data';
import * as v from 'valibot';
import catalog from '../../suites.json' with { type: 'json' };

/** Plain decimals: no hex, binary or blanks, which Number() would take. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

interface Bounds {
  readonly min?: number;
  readonly max?: number;
  /** Exclusive bounds, for a threshold that could never pass at the edge (rate < 0). */
  readonly above?: number;
  readonly below?: number;
  readonly whole?: boolean;
}

function describeBounds({ min, max, above, below, whole }: Bounds): string {
  const low = min !== undefined ? `at least ${min}` : above !== undefined ? `above ${above}` : '';
  const high = max !== undefined ? `at most ${max}` : below !== undefined ? `below ${below}` : '';
  const range =
    min !== undefined && max !== undefined
      ? `from ${min} to ${max}`
      : [low, high].filter(Boolean).join(' and ');
  return `${whole ? 'a whole number' : 'a number'} ${range}`.trim();
}

/** A number from its string, within bounds; the message says the bounds. */
export function decimal(bounds: Bounds) {
  const { min, max, above, below, whole } = bounds;
  return v.message(
    v.pipe(
      v.string(),
      v.trim(),
      v.regex(DECIMAL),
      v.toNumber(),
      v.finite(),
      v.check((n) => !whole || Number.isInteger(n)),
      v.check((n) => (min === undefined || n >= min) && (max === undefined || n <= max)),
      v.check((n) => (above === undefined || n > above) && (below === undefined || n < below)),
    ),
    describeBounds(bounds),
  );
}

/** An http(s) URL with a host and no query or fragment (k6 has no URL class to parse it). */
const HTTP_URL =
  /^https?:\/\/([^\s/?#@]+@)?([^\s/?#:@[\]]+|\[[\da-f:.]+\])(:(\d{1,5}))?(\/[^\s?#]*)?$/i;

function httpUrl() {
  return v.message(
    v.pipe(
      v.string(),
      v.trim(),
      v.regex(HTTP_URL),
      v.check((url) => Number(HTTP_URL.exec(url)?.[4] ?? 1) <= 65535),
    ),
    'an http(s) URL with a host, an optional port and path, and no query',
  );
}

/** The profiles of apps/load-tests/suites.json. */
const profiles = Object.keys(catalog.profiles) as (keyof typeof catalog.profiles)[];

/** An explicit time, VU or rate factor, in the range suites.json gives (k6-cli checks the same). */
export const scaleFactor = () => decimal(catalog.scaleFactor);

/** The highest arrival rate a suite takes, in req/s. */
export const MAX_RATE = 100_000;

/** The list resource; BASE_URL is the API root above it. */
export const RESOURCE = '/crocodiles';

/** The variables every suite reads. */
function commonSchema() {
  return v.pipe(
    v.object({
      /** The API root, e.g. http://127.0.0.1:4000. */
      BASE_URL: v.optional(
        v.pipe(
          httpUrl(),
          v.check(
            (url) => !url.replace(/\/+$/, '').endsWith(RESOURCE),
            `the API root, without ${RESOURCE}: the list URL is ENDPOINT`,
          ),
        ),
      ),
      /** The tutorial's variable: the list URL, e.g. http://10.0.0.7:4000/crocodiles. */
      ENDPOINT: v.optional(httpUrl()),
      /** Compressed time and VUs, same shape. */
      PROFILE: v.optional(
        v.message(
          v.pipe(v.string(), v.trim(), v.picklist(profiles)),
          `one of ${profiles.join(', ')}`,
        ),
        'full',
      ),
      /** Explicit compression factors; they override the profile's. */
      TIME_SCALE: v.optional(scaleFactor()),
      VU_SCALE: v.optional(scaleFactor()),
      /** Ties every sample of one run together, in Prometheus and InfluxDB. */
      TESTID: v.optional(
        v.message(
          v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(100)),
          'a name of 1-100 characters',
        ),
        'local',
      ),
      /** The SLO (libs/verdict/slo.json passes its own): the tutorial's p95 < 700 ms and 1% errors. */
      P95_MS: v.optional(decimal({ above: 0 }), '700'),
      P99_MS: v.optional(decimal({ above: 0 }), '1500'),
      MAX_ERROR_RATE: v.optional(decimal({ above: 0, max: 1 }), '0.01'),
      MIN_CHECKS_RATE: v.optional(decimal({ min: 0, below: 1 }), '0.99'),
      /** false keeps the load going when errors break the SLO (a fault test). */
      ABORT_ON_FAIL: v.optional(
        v.message(
          v.pipe(
            v.string(),
            v.trim(),
            v.picklist(['true', 'false']),
            v.transform((s) => s === 'true'),
          ),
          'true or false',
        ),
        'true',
      ),
      /** Where the summary JSON goes, for the verdict engine. */
      SUMMARY_PATH: v.optional(v.pipe(v.string(), v.trim())),
    }),
    v.check(
      (env) => env.BASE_URL !== undefined || env.ENDPOINT !== undefined,
      'set BASE_URL (e.g. http://127.0.0.1:4000) or ENDPOINT (e.g. http://127.0.0.1:4000/crocodiles)',
    ),
    v.check(
      (env) => env.P95_MS <= env.P99_MS,
      'P95_MS must not be above P99_MS: a p95 is never above the p99 of the same requests',
    ),
  );
}

/** A value as the message quotes it: long ones cut, so one bad variable is one readable line. */
const quoted = (value: unknown) => {
  const s = String(value);
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);
};

/** Parses k6's environment with a schema; an empty value counts as unset. */
function parse<S extends v.GenericSchema<Record<string, unknown>>>(
  schema: S,
  raw: Record<string, string | undefined>,
): v.InferOutput<S> {
  const set = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ''));
  const result = v.safeParse(schema, set);
  if (result.success) return result.output;
  // One line per bad value: a value can break two rules of its schema with the same message.
  const lines = result.issues.map((issue) => {
    const name = issue.path?.[0]?.key;
    return typeof name === 'string'
      ? `${name} must be ${issue.message}, got ${quoted(set[name])}`
      : issue.message;
  });
  throw new Error([...new Set(lines)].join('; '));
}

/**
 * Parses the variables a schema names, once per k6 process (see the header). `build` makes the
 * schema and is called only inside that one parse. `name` keys k6's shared copy: one per schema.
 */
export function loadEnv<S extends v.GenericSchema<Record<string, unknown>>>(
  name: string,
  build: () => S,
): v.InferOutput<S> {
  return new SharedArray(`loadlab env: ${name}`, () => [parse(build(), __ENV)])[0]!;
}

export type Env = v.InferOutput<ReturnType<typeof commonSchema>>;

export const env: Env = loadEnv('common', commonSchema);
