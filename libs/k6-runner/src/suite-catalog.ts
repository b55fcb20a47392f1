/**
 * The suites and load profiles that a load-tests build holds. load-tests:build copies its one
 * list (apps/load-tests/suites.json) next to the bundles, so what can run is what was built.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SuiteCatalog {
  readonly profiles: Readonly<Record<string, { time: number; vus: number; description: string }>>;
  readonly suites: Readonly<
    Record<string, { description: string; verifyScaling?: boolean; capacitySearch?: boolean }>
  >;
}

export const CATALOG_FILE = 'suites.json';

export function readSuiteCatalog(bundleDir: string): SuiteCatalog {
  const file = join(bundleDir, CATALOG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file} is missing: run npx nx run load-tests:build`);
  }
  const c = JSON.parse(text) as Partial<SuiteCatalog>;
  if (typeof c.profiles !== 'object' || typeof c.suites !== 'object' || !c.profiles || !c.suites)
    throw new Error(`${file} must have "profiles" and "suites" objects`);
  return c as SuiteCatalog;
}

/** The names a catalog allows, for messages like `--profile must be full, demo or ci`. */
export function oneOf(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
