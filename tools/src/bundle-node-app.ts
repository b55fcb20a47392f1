/**
 * Bundles a Node app for production: workspace libraries (@loadlab/*) are
 * compiled in, npm packages stay external, and dist gets a package.json that
 * pins exactly the installed versions of those packages, for `npm install --omit=dev`.
 *
 *   node tools/src/bundle-node-app.ts --project apps/crocodile-api --entry src/main.ts --out dist/apps/crocodile-api
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { type Lockfile, pruneLockfile } from './prune-lockfile.ts';

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}

const WORKSPACE_SCOPE = '@loadlab/';

async function readPackage(dir: string): Promise<PackageJson> {
  return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** Node's lookup for a package directory (not every package exports its package.json). */
function packageDir(name: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir)
      throw new Error(`package ${name} is not installed (looked up from ${from}); run npm ci`);
  }
}

/** npm dependencies of the project and, transitively, of the workspace libs it bundles: name -> installed dir. */
async function externalDependencies(
  root: string,
  projectDir: string,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const visit = async (dir: string) => {
    for (const name of Object.keys((await readPackage(dir)).dependencies ?? {})) {
      if (name.startsWith(WORKSPACE_SCOPE)) {
        await visit(packageDir(name, dir));
      } else if (!found.has(name)) {
        found.set(name, packageDir(name, dir));
      }
    }
  };
  await visit(resolve(root, projectDir));
  return found;
}

export async function bundleNodeApp(opts: {
  root: string;
  project: string;
  entry: string;
  out: string;
}) {
  const outDir = resolve(opts.root, opts.out);
  const root = resolve(opts.root);
  const deps = await externalDependencies(root, opts.project);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [resolve(opts.root, opts.project, opts.entry)],
    outfile: join(outDir, 'main.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    sourcemap: true,
    external: [...deps.keys()],
    logLevel: 'warning',
  });
  const app = await readPackage(resolve(opts.root, opts.project));
  // The exact installed versions, so the image gets what was tested.
  const versions: [string, string][] = [];
  for (const [name, dir] of deps) versions.push([name, (await readPackage(dir)).version]);
  const manifest = {
    name: app.name,
    version: app.version,
    private: true,
    type: 'module',
    main: 'main.js',
    scripts: { start: 'node --enable-source-maps main.js' },
    dependencies: Object.fromEntries(versions.sort(([a], [b]) => a.localeCompare(b))),
  };
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // And the lockfile for `npm ci --omit=dev`: the transitive tree as tested, too.
  const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8')) as Lockfile;
  const directKeys = Object.fromEntries(
    [...deps].map(([name, dir]) => [name, relative(root, dir)]),
  );
  await writeFile(
    join(outDir, 'package-lock.json'),
    `${JSON.stringify(pruneLockfile(lock, manifest, directKeys), null, 2)}\n`,
  );
  return { outDir, dependencies: manifest.dependencies };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { project: { type: 'string' }, entry: { type: 'string' }, out: { type: 'string' } },
  });
  if (!values.project || !values.entry || !values.out) {
    console.error(
      'usage: bundle-node-app.ts --project <dir> --entry <file in project> --out <dir>',
    );
    process.exit(2);
  }
  const { outDir, dependencies } = await bundleNodeApp({
    root: process.cwd(),
    project: values.project,
    entry: values.entry,
    out: values.out,
  });
  console.log(
    `bundled ${values.project} into ${outDir} (external: ${Object.keys(dependencies).join(', ')})`,
  );
}
