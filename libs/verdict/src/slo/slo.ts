/**
 * Service level objectives, configured in one file: libs/verdict/slo.json by default (the
 * tutorial's p95 < 700 ms, plus errors < 1%), or --slo <file>. Beside them, `required` names the
 * checks that decide the run (default: all). The same values become k6's thresholds
 * (-e P95_MS=...), so client and verdict agree.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describeIssues } from '@loadlab/input';
import { SloSchema, type Slo } from '../model/slo.ts';

export type { Slo } from '../model/slo.ts';

export const DEFAULT_SLO_FILE = fileURLToPath(new URL('../../slo.json', import.meta.url));

export class SloError extends Error {}

export async function loadSlo(file = DEFAULT_SLO_FILE): Promise<Slo> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new SloError(`SLO file ${file} could not be read as JSON: ${(err as Error).message}`);
  }
  const parsed = SloSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = describeIssues(parsed.error, raw, {
    unknownKey: (path) =>
      path.startsWith('required.')
        ? `${path} is not a verdict (run, scaling)`
        : `${path} is not an SLO field`,
  });
  throw new SloError(
    `SLO file ${file} is invalid: ${problems.join('; ')} (expected p95Ms, p99Ms, maxErrorRate, minChecksRate; rates 0-1; optional required)`,
  );
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
