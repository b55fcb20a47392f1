/**
 * Configuration from the environment. Every value is validated up front, and a
 * bad one stops startup with a message that names the variable and the value.
 */
import { resolve } from 'node:path';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  readonly port: number;
  readonly host: string;
  /** The JSON database; created from the seed data when missing. */
  readonly dbFile: string;
  /** Random delay on /crocodiles, as in the tutorial (0/0 disables it). */
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  readonly logLevel: LogLevel;
  /** Largest accepted request body, in bytes. */
  readonly bodyLimitBytes: number;
  /** Reject every write with 405, for public demos. */
  readonly readOnly: boolean;
  /** Origins allowed by CORS; empty means no CORS headers (same-origin only). */
  readonly corsOrigins: readonly string[];
  /** Most records one resource may hold; a create beyond it gets 507. */
  readonly maxRecords: number;
  /** Wait this long after SIGTERM, still serving but unready, before closing the listener. */
  readonly shutdownDelayMs: number;
  /** Hard bound on the drain; must fit inside Kubernetes' terminationGracePeriodSeconds. */
  readonly shutdownTimeoutMs: number;
  /** Slow-client bounds (slowloris): time to receive the headers, and the whole request. */
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /**
   * Age after which a keep-alive connection's next reply says `Connection: close` (0: no limit),
   * as gRPC's MAX_CONNECTION_AGE. Behind a Service, kube-proxy picks a pod per connection, so
   * clients that keep theirs open stay on the pods that existed when they connected, and pods
   * added by a scale-out get nothing. Reconnecting every few seconds spreads the load.
   */
  readonly maxConnectionAgeMs: number;
}

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

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2 };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const get = (name: keyof typeof DEFAULTS) => env[name] ?? DEFAULTS[name];

  const invalid = new Set<string>();
  const int = (name: keyof typeof DEFAULTS, min: number, max: number): number => {
    const raw = get(name).trim();
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      problems.push(`${name} must be an integer ${min}-${max}, got "${get(name)}"`);
      invalid.add(name);
      return min;
    }
    return n;
  };
  const bool = (name: keyof typeof DEFAULTS): boolean => {
    const raw = get(name).trim().toLowerCase();
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no', ''].includes(raw)) return false;
    problems.push(`${name} must be true or false, got "${get(name)}"`);
    return false;
  };

  const port = int('PORT', 0, 65535);
  const minDelayMs = int('MIN_DELAY_MS', 0, 60_000);
  const maxDelayMs = int('MAX_DELAY_MS', 0, 60_000);
  if (!invalid.has('MIN_DELAY_MS') && !invalid.has('MAX_DELAY_MS') && minDelayMs > maxDelayMs) {
    problems.push(`MIN_DELAY_MS (${minDelayMs}) must not exceed MAX_DELAY_MS (${maxDelayMs})`);
  }

  const host = get('HOST').trim();
  if (!host) problems.push('HOST must not be empty, got ""');

  const dbRaw = get('DB_FILE').trim();
  if (!dbRaw) problems.push('DB_FILE must be a file path, got ""');

  const logLevel = get('LOG_LEVEL').trim().toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${get('LOG_LEVEL')}"`);
  }

  let bodyLimitBytes = 0;
  const limit = /^(\d+)\s*(b|kb|mb)?$/i.exec(get('BODY_LIMIT').trim());
  if (limit) bodyLimitBytes = Number(limit[1]) * UNITS[(limit[2] ?? 'b').toLowerCase()]!;
  if (!limit || bodyLimitBytes < 1 || bodyLimitBytes > 10 * 1024 ** 2) {
    problems.push(
      `BODY_LIMIT must be a size from 1b to 10mb such as 100kb, got "${get('BODY_LIMIT')}"`,
    );
  }

  const corsOrigins = get('CORS_ORIGINS')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      problems.push(
        `CORS_ORIGINS entries must be * or an origin like https://example.com, got "${origin}"`,
      );
    }
  }

  const config: Config = {
    port,
    host,
    dbFile: resolve(dbRaw || '.'),
    minDelayMs,
    maxDelayMs,
    logLevel,
    bodyLimitBytes,
    readOnly: bool('READ_ONLY'),
    corsOrigins,
    maxRecords: int('MAX_RECORDS', 1, 10_000_000),
    shutdownDelayMs: int('SHUTDOWN_DELAY_MS', 0, 60_000),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 100, 120_000),
    headersTimeoutMs: int('HEADERS_TIMEOUT_MS', 100, 120_000),
    requestTimeoutMs: int('REQUEST_TIMEOUT_MS', 100, 600_000),
    maxConnectionAgeMs: int('MAX_CONNECTION_AGE_MS', 0, 3_600_000),
  };
  if (
    !invalid.has('HEADERS_TIMEOUT_MS') &&
    !invalid.has('REQUEST_TIMEOUT_MS') &&
    config.headersTimeoutMs > config.requestTimeoutMs
  ) {
    problems.push(
      `HEADERS_TIMEOUT_MS (${config.headersTimeoutMs}) must not exceed REQUEST_TIMEOUT_MS (${config.requestTimeoutMs})`,
    );
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}
