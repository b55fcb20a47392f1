/**
 * Service level objectives, configured in one file: libs/verdict/slo.json by default (the
 * tutorial's p95 < 700 ms, plus errors < 1%), or --slo <file>. Beside them, `required` names the
 * checks that decide the run (default: all). The same values become k6's thresholds
 * (-e P95_MS=...), so client and verdict agree.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_REQUIRED,
  SCALING_CHECK_IDS,
  SLO_CHECK_IDS,
  type RequiredChecks,
  type Slo,
} from '../model/slo.ts';

export type { Slo } from '../model/slo.ts';

export const DEFAULT_SLO_FILE = fileURLToPath(new URL('../../slo.json', import.meta.url));

export class SloError extends Error {}

type Limits = Omit<Slo, 'required'>;
const RULES: Record<keyof Limits, (v: number) => boolean> = {
  p95Ms: (v) => v > 0,
  p99Ms: (v) => v > 0,
  maxErrorRate: (v) => v >= 0 && v <= 1,
  minChecksRate: (v) => v >= 0 && v <= 1,
};
const KNOWN: Record<keyof RequiredChecks, readonly string[]> = {
  run: SLO_CHECK_IDS,
  scaling: SCALING_CHECK_IDS,
};

function requiredFrom(raw: unknown, problems: string[]): RequiredChecks {
  if (raw === undefined) return DEFAULT_REQUIRED;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(
      `required is ${JSON.stringify(raw)}, expected { "run": [...], "scaling": [...] }`,
    );
    return DEFAULT_REQUIRED;
  }
  const o = raw as Record<string, unknown>;
  for (const key of Object.keys(o))
    if (!(key in KNOWN)) problems.push(`required.${key} is not a verdict (run, scaling)`);
  const list = (key: keyof RequiredChecks) => {
    const v = o[key];
    if (v === undefined) return DEFAULT_REQUIRED[key];
    if (!Array.isArray(v)) {
      problems.push(`required.${key} is ${JSON.stringify(v)}, expected a list of check ids`);
      return DEFAULT_REQUIRED[key];
    }
    const unknown = v.filter((id) => !KNOWN[key].includes(id as string));
    if (unknown.length)
      problems.push(
        `required.${key} has unknown checks ${unknown.map((u) => JSON.stringify(u)).join(', ')} (known: ${KNOWN[key].join(', ')})`,
      );
    return v;
  };
  return { run: list('run'), scaling: list('scaling') } as RequiredChecks;
}

export async function loadSlo(file = DEFAULT_SLO_FILE): Promise<Slo> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new SloError(`SLO file ${file} could not be read as JSON: ${(err as Error).message}`);
  }
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const problems: string[] = [];
  for (const [key, ok] of Object.entries(RULES)) {
    const v = o[key];
    if (typeof v !== 'number' || !ok(v)) problems.push(`${key} is ${JSON.stringify(v)}`);
  }
  for (const key of Object.keys(o))
    if (!(key in RULES) && key !== 'required') problems.push(`${key} is not an SLO field`);
  const required = requiredFrom(o.required, problems);
  if (problems.length) {
    throw new SloError(
      `SLO file ${file} is invalid: ${problems.join('; ')} (expected ${Object.keys(RULES).join(', ')}; rates 0-1; optional required)`,
    );
  }
  return { ...(o as unknown as Limits), required };
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

/**
 * The thresholds every suite derives from these variables (apps/load-tests
 * lib/thresholds.ts), for a run known only by its testid (a TestRun on a cluster).
 */
export function sloAsThresholds(slo: Slo): Record<string, string[]> {
  return {
    http_req_duration: [`p(95)<${slo.p95Ms}`, `p(99)<${slo.p99Ms}`],
    http_req_failed: [`rate<${slo.maxErrorRate}`],
    checks: [`rate>${slo.minChecksRate}`],
  };
}
