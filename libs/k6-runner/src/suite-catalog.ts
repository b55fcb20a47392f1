/**
 * The suites and load profiles that a load-tests build holds. load-tests:build copies its one
 * list (apps/load-tests/suites.json) next to the bundles, so what can run is what was built.
 * The schema is the one reading of that file: the runner, the bundler and the Nx plugin parse it
 * here (the plugin through the light `@loadlab/k6-runner/suite-catalog` entry).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeIssues } from '@loadlab/input';
import { z } from 'zod';

/** A suite name is a file name, an Nx target name and a testid prefix. */
export const SUITE_NAME = /^[a-z][a-z0-9-]*$/;

const factor = z
  .number({ error: 'expected a number' })
  .refine((n) => n > 0 && n <= 1, { error: 'expected a factor above 0, at most 1' });
const ProfileSchema = z.strictObject({ time: factor, vus: factor, description: z.string() });
const SuiteSchema = z.strictObject({
  description: z.string().min(1, { error: 'expected a description of the suite' }),
  /** Runs through the scaling verifier (run-then-verify). */
  verifyScaling: z.boolean().optional(),
  /** Runs as a capacity search (plateau ladders, then threshold advice). */
  capacitySearch: z.boolean().optional(),
});

export const SuiteCatalogSchema = z.object({
  $comment: z.string().optional(),
  profiles: z.record(z.string(), ProfileSchema),
  /** The range of an explicit time, VU or rate factor: k6-cli and the suites check the same. */
  scaleFactor: z
    .object({ min: z.number().positive(), max: z.number().positive(), description: z.string() })
    .refine((r) => r.min < r.max, { error: 'scaleFactor: min must be below max' }),
  suites: z.record(
    z.string().regex(SUITE_NAME, {
      error: (i) => `suite name ${JSON.stringify(i.input)} must match ${SUITE_NAME}`,
    }),
    SuiteSchema,
  ),
});

export type SuiteCatalog = z.infer<typeof SuiteCatalogSchema>;
export type CatalogSuite = SuiteCatalog['suites'][string];

export const CATALOG_FILE = 'suites.json';

/** The catalog from its JSON text; `file` names it in errors, which say what is wrong where. */
export function parseSuiteCatalog(text: string, file: string): SuiteCatalog {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = SuiteCatalogSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = describeIssues(parsed.error, raw);
  throw new Error(
    `${file} is invalid: ${problems.join('; ')} (expected "profiles" of { time, vus, description }, "scaleFactor" of { min, max, description } and "suites" of { description, verifyScaling?, capacitySearch? })`,
  );
}

export function readSuiteCatalog(bundleDir: string): SuiteCatalog {
  const file = join(bundleDir, CATALOG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file} is missing: run npx nx run load-tests:build`);
  }
  return parseSuiteCatalog(text, file);
}
