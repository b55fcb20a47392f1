/**
 * Service level objectives, configured in one file: libs/verdict/slo.json by
 * default (the tutorial's p95 < 700 ms, plus errors < 1%), or --slo <file>.
 * The same values become k6's thresholds (-e P95_MS=...), so client and verdict agree.
 */
import { readFile } from 'node:fs/promises';

export interface Slo {
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxErrorRate: number;
  readonly minChecksRate: number;
}

export const DEFAULT_SLO_FILE = new URL('../slo.json', import.meta.url).pathname;

export class SloError extends Error {}

const RULES: Record<keyof Slo, (v: number) => boolean> = {
  p95Ms: (v) => v > 0,
  p99Ms: (v) => v > 0,
  maxErrorRate: (v) => v >= 0 && v <= 1,
  minChecksRate: (v) => v >= 0 && v <= 1,
};

export async function loadSlo(file = DEFAULT_SLO_FILE): Promise<Slo> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new SloError(`SLO file ${file} could not be read as JSON: ${(err as Error).message}`);
  }
  const o = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const [key, ok] of Object.entries(RULES)) {
    const v = o?.[key];
    if (typeof v !== 'number' || !ok(v)) problems.push(`${key} is ${JSON.stringify(v)}`);
  }
  for (const key of Object.keys(o ?? {}))
    if (!(key in RULES)) problems.push(`${key} is not an SLO field`);
  if (problems.length) {
    throw new SloError(
      `SLO file ${file} is invalid: ${problems.join('; ')} (expected ${Object.keys(RULES).join(', ')}; rates 0-1)`,
    );
  }
  return o as unknown as Slo;
}

/** The SLO as k6 -e variables (apps/load-tests reads these as its thresholds). */
export function sloAsK6Env(slo: Slo): Record<string, string> {
  return {
    P95_MS: String(slo.p95Ms),
    P99_MS: String(slo.p99Ms),
    MAX_ERROR_RATE: String(slo.maxErrorRate),
    MIN_CHECKS_RATE: String(slo.minChecksRate),
  };
}
