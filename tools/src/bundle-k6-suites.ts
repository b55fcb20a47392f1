/**
 * Bundles each k6 suite (apps/load-tests/src/suites/<suite>.ts) into one
 * self-contained dist/apps/load-tests/<suite>.js: k6's own modules stay
 * external, everything else is inlined, so a bundle can go into a ConfigMap
 * for k6-operator as a single file.
 *
 *   node tools/src/bundle-k6-suites.ts
 */
import { copyFile, readdir, readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { K6_BUNDLE_DIR, WORKSPACE_ROOT } from '@loadlab/workspace';

export const SUITES_DIR = join(WORKSPACE_ROOT, 'apps/load-tests/src/suites');
/** The one list of suites and profiles; it travels with the bundles. */
export const CATALOG = join(WORKSPACE_ROOT, 'apps/load-tests/suites.json');
export const BUNDLE_DIR = K6_BUNDLE_DIR;

/** The suites of the catalog, which must match the suite files one to one. */
export async function listSuites(catalogFile = CATALOG, suitesDir = SUITES_DIR): Promise<string[]> {
  const listed = Object.keys(
    (JSON.parse(await readFile(catalogFile, 'utf8')) as { suites: object }).suites,
  ).sort();
  const files = (await readdir(suitesDir))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .map((f) => basename(f, '.ts'))
    .sort();
  const unlisted = files.filter((f) => !listed.includes(f));
  const missing = listed.filter((s) => !files.includes(s));
  if (unlisted.length > 0 || missing.length > 0)
    throw new Error(
      `${catalogFile} and ${suitesDir} disagree: ` +
        [
          unlisted.length > 0 ? `not in the catalog: ${unlisted.join(', ')}` : '',
          missing.length > 0 ? `no suite file for: ${missing.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; '),
    );
  return listed;
}

export async function bundleK6Suites(): Promise<string[]> {
  const suites = await listSuites();
  await rm(BUNDLE_DIR, { recursive: true, force: true });
  await build({
    entryPoints: suites.map((s) => join(SUITES_DIR, `${s}.ts`)),
    outdir: BUNDLE_DIR,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    // sobek, k6's JavaScript engine, supports ES2020 syntax.
    target: 'es2020',
    external: ['k6', 'k6/*'],
    // No code splitting: each bundle stays one self-contained file.
    splitting: false,
    logLevel: 'warning',
  });
  await copyFile(CATALOG, join(BUNDLE_DIR, 'suites.json'));
  return suites;
}

if (import.meta.main) {
  const suites = await bundleK6Suites();
  console.log(`bundled ${suites.length} k6 suites into ${BUNDLE_DIR}: ${suites.join(', ')}`);
}
