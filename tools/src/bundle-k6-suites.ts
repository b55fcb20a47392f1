/**
 * Bundles each k6 suite (apps/load-tests/src/suites/<suite>.ts) into one
 * self-contained dist/apps/load-tests/<suite>.js: k6's own modules stay
 * external, everything else is inlined, so a bundle can go into a ConfigMap
 * for k6-operator as a single file.
 *
 *   node tools/src/bundle-k6-suites.ts
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { parseSuiteCatalog } from '@loadlab/k6-runner/suite-catalog';
import { K6_BUNDLE_DIR, WORKSPACE_ROOT } from '@loadlab/workspace';

export const SUITES_DIR = join(WORKSPACE_ROOT, 'apps/load-tests/src/suites');
/** The one list of suites and profiles; it travels with the bundles. */
export const CATALOG = join(WORKSPACE_ROOT, 'apps/load-tests/suites.json');
export const BUNDLE_DIR = K6_BUNDLE_DIR;

/** The suites of the catalog, which must match the suite files one to one. */
export async function listSuites(catalogFile = CATALOG, suitesDir = SUITES_DIR): Promise<string[]> {
  const listed = Object.keys(
    parseSuiteCatalog(await readFile(catalogFile, 'utf8'), catalogFile).suites,
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

/**
 * Rebuilds the bundles in place without a moment where a reader sees a missing or half-written
 * file: each file is written beside its target and renamed over it, then stale files go. A second
 * `nx run load-tests:build` can run beside a task that reads them: `./loadlab demo` bundles before
 * each run, and the full bench times that step with its own nested build.
 */
/** A temp file's writer is still running (its PID is in the name: .<name>.<pid>.tmp). */
function alive(tmpName: string): boolean {
  const pid = Number(/\.(\d+)\.tmp$/.exec(tmpName)?.[1]);
  if (!pid) return true; // not ours: leave it
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function bundleK6Suites(outDir: string = BUNDLE_DIR): Promise<string[]> {
  const suites = await listSuites();
  const result = await build({
    entryPoints: suites.map((s) => join(SUITES_DIR, `${s}.ts`)),
    outdir: outDir,
    write: false,
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
  const files = new Map(result.outputFiles.map((f) => [basename(f.path), f.contents]));
  files.set('suites.json', await readFile(CATALOG));
  await mkdir(outDir, { recursive: true });
  for (const [name, contents] of files) {
    const tmp = join(outDir, `.${name}.${process.pid}.tmp`);
    await writeFile(tmp, contents);
    await rename(tmp, join(outDir, name));
  }
  // Stale bundles, and temp files of a build that was killed half-way (not another's, in flight).
  for (const name of await readdir(outDir))
    if (!files.has(name) && (!name.startsWith('.') || !alive(name)))
      await rm(join(outDir, name), { force: true });
  return suites;
}

if (import.meta.main) {
  const suites = await bundleK6Suites();
  console.log(`bundled ${suites.length} k6 suites into ${BUNDLE_DIR}: ${suites.join(', ')}`);
}
