/**
 * Bundles a Node app for production: workspace libraries (@loadlab/*) are
 * compiled in, npm packages stay external, and dist gets a package.json that
 * pins exactly the installed versions of those packages, for `npm install --omit=dev`.
 *
 *   node tools/src/bundle-node-app.ts --project apps/crocodile-api --entry src/main.ts --out dist/apps/crocodile-api
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

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

/** npm dependencies of the project and, transitively, of the workspace libs it bundles. */
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
        // The exact installed version, so the image gets what was tested.
        found.set(name, (await readPackage(packageDir(name, dir))).version);
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
  const deps = await externalDependencies(opts.root, opts.project);
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
  const manifest = {
    name: app.name,
    version: app.version,
    private: true,
    type: 'module',
    main: 'main.js',
    scripts: { start: 'node --enable-source-maps main.js' },
    dependencies: Object.fromEntries([...deps].sort(([a], [b]) => a.localeCompare(b))),
  };
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
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
