/**
 * Configuration from the environment, parsed once by one zod schema (ENV, through libs/input),
 * which Config is derived from. Every value is validated up front, and bad ones stop startup
 * with one message naming each variable and its value (main exits 78).
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { envBoolean, envInteger, envNotAbove, envOneOf, envValue, parseEnv } from '@loadlab/input';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULTS = {
  PORT: '4000',
  HOST: '0.0.0.0',
  DB_FILE: '.data/db.json',
  MIN_DELAY_MS: '30',
  MAX_DELAY_MS: '250',
  LOG_LEVEL: 'info',
  BODY_LIMIT: '100kb',
  READ_ONLY: 'false',
  CORS_ORIGINS: '',
  MAX_RECORDS: '1000000',
  SHUTDOWN_DELAY_MS: '0',
  SHUTDOWN_TIMEOUT_MS: '10000',
  HEADERS_TIMEOUT_MS: '10000',
  REQUEST_TIMEOUT_MS: '30000',
  MAX_CONNECTION_AGE_MS: '5000',
} as const;

export { EnvError as ConfigError } from '@loadlab/input';

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2 };
const MAX_BODY_BYTES = 10 * 1024 ** 2;

const bodyLimit = envValue(
  'BODY_LIMIT',
  'must be a size from 1b to 10mb such as 100kb',
  DEFAULTS.BODY_LIMIT,
  (raw) => {
    const m = /^(\d+)\s*(b|kb|mb)?$/i.exec(raw.trim());
    const bytes = m ? Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]! : 0;
    return bytes >= 1 && bytes <= MAX_BODY_BYTES ? bytes : undefined;
  },
);

/** Comma-separated; each entry is `*` or an origin, and each bad one is its own problem. */
const corsOrigins = z
  .string()
  .prefault(DEFAULTS.CORS_ORIGINS)
  .transform((raw, ctx) => {
    const origins = raw
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    for (const origin of origins) {
      if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
        ctx.addIssue({
          code: 'custom',
          input: origin,
          message: `CORS_ORIGINS entries must be * or an origin like https://example.com, got "${origin}"`,
        });
      }
    }
    return origins;
  });

/** The message shows the value trimmed: `HOST must not be empty, got ""`. */
const nonEmpty = (name: keyof typeof DEFAULTS, rule: string) =>
  envValue(name, rule, DEFAULTS[name], (s) => s || undefined, { trim: true });

const int = (name: keyof typeof DEFAULTS, min: number, max: number) =>
  envInteger(name, min, max, DEFAULTS[name]);

const ENV = z
  .object({
    PORT: int('PORT', 0, 65535),
    MIN_DELAY_MS: int('MIN_DELAY_MS', 0, 60_000),
    MAX_DELAY_MS: int('MAX_DELAY_MS', 0, 60_000),
    HOST: nonEmpty('HOST', 'must not be empty'),
    DB_FILE: nonEmpty('DB_FILE', 'must be a file path'),
    LOG_LEVEL: envOneOf('LOG_LEVEL', LOG_LEVELS, DEFAULTS.LOG_LEVEL),
    BODY_LIMIT: bodyLimit,
    CORS_ORIGINS: corsOrigins,
    READ_ONLY: envBoolean('READ_ONLY', DEFAULTS.READ_ONLY),
    MAX_RECORDS: int('MAX_RECORDS', 1, 10_000_000),
    SHUTDOWN_DELAY_MS: int('SHUTDOWN_DELAY_MS', 0, 60_000),
    SHUTDOWN_TIMEOUT_MS: int('SHUTDOWN_TIMEOUT_MS', 100, 120_000),
    HEADERS_TIMEOUT_MS: int('HEADERS_TIMEOUT_MS', 100, 120_000),
    REQUEST_TIMEOUT_MS: int('REQUEST_TIMEOUT_MS', 100, 600_000),
    MAX_CONNECTION_AGE_MS: int('MAX_CONNECTION_AGE_MS', 0, 3_600_000),
  })
  .refine(...envNotAbove('MIN_DELAY_MS', 'MAX_DELAY_MS'))
  .refine(...envNotAbove('HEADERS_TIMEOUT_MS', 'REQUEST_TIMEOUT_MS'))
  .transform((e) => ({
    port: e.PORT,
    host: e.HOST,
    /** The JSON database; created from the seed data when missing. */
    dbFile: resolve(e.DB_FILE),
    /** Random delay on /crocodiles, as in the tutorial (0/0 disables it). */
    minDelayMs: e.MIN_DELAY_MS,
    maxDelayMs: e.MAX_DELAY_MS,
    logLevel: e.LOG_LEVEL,
    /** Largest accepted request body, in bytes. */
    bodyLimitBytes: e.BODY_LIMIT,
    /** Reject every write with 405, for public demos. */
    readOnly: e.READ_ONLY,
    /** Origins allowed by CORS; empty means no CORS headers (same-origin only). */
    corsOrigins: e.CORS_ORIGINS as readonly string[],
    /** Most records one resource may hold; a create beyond it gets 507. */
    maxRecords: e.MAX_RECORDS,
    /** Wait this long after SIGTERM, still serving but unready, before closing the listener. */
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    /** Hard bound on the drain; must fit inside Kubernetes' terminationGracePeriodSeconds. */
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    /** Slow-client bounds (slowloris): time to receive the headers, and the whole request. */
    headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    /**
     * Age after which a keep-alive connection's next reply says `Connection: close` (0: no limit),
     * as gRPC's MAX_CONNECTION_AGE. Behind a Service, kube-proxy picks a pod per connection, so
     * clients that keep theirs open stay on the pods that existed when they connected, and pods
     * added by a scale-out get nothing. Reconnecting every few seconds spreads the load.
     */
    maxConnectionAgeMs: e.MAX_CONNECTION_AGE_MS,
  }));

export type Config = Readonly<z.output<typeof ENV>>;

/** The config, or a ConfigError listing every bad variable (main exits 78 on it). */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => parseEnv(ENV, env);
