/**
 * Bundles each k6 suite (apps/load-tests/src/suites/<suite>.ts) into one
 * self-contained dist/apps/load-tests/<suite>.js: k6's own modules stay
 * external, everything else is inlined, so a bundle can go into a ConfigMap
 * for k6-operator as a single file.
 *
 *   node tools/src/bundle-k6-suites.ts
 */
import { readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { WORKSPACE_ROOT } from '@loadlab/workspace';

export const SUITES_DIR = join(WORKSPACE_ROOT, 'apps/load-tests/src/suites');
export const BUNDLE_DIR = join(WORKSPACE_ROOT, 'dist/apps/load-tests');

export async function listSuites(): Promise<string[]> {
  return (await readdir(SUITES_DIR))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .map((f) => basename(f, '.ts'))
    .sort();
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
  return suites;
}

if (import.meta.main) {
  const suites = await bundleK6Suites();
  console.log(`bundled ${suites.length} k6 suites into ${BUNDLE_DIR}: ${suites.join(', ')}`);
}
