/**
 * loadlab's Nx plugin: every project (a project.json) gets its typecheck, test, e2e and build
 * targets from its files, load-tests one target per suite of its catalog, and each
 * src/<name>.e2e.ts an e2e-<name> target. Listed in nx.json; targets written in a project.json
 * merge over these.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createNodesFromFiles, type CreateNodesV2, type TargetConfiguration } from '@nx/devkit';
import { E2E_FILE, e2eFileTarget } from './e2e-file-targets.ts';
import { inferTargets } from './infer-targets.ts';
import { parseSuiteCatalog } from '@loadlab/k6-runner/suite-catalog';
import { loadTestTargets } from './load-test-targets.ts';

/** The file in a project root that holds its suites; only load-tests has one (a runtime:k6 project). */
export const SUITE_CATALOG = 'suites.json';

/** Files under a project root, relative and with forward slashes; output and installs skipped. */
function projectFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split('\\').join('/'))
    .filter((f) => !/(^|\/)(node_modules|dist)(\/|$)/.test(f));
}

/** The @loadlab/* packages a project's package.json depends on. */
function workspaceDeps(abs: string): string[] {
  let pkg: { dependencies?: object; devDependencies?: object };
  try {
    pkg = JSON.parse(readFileSync(join(abs, 'package.json'), 'utf8'));
  } catch {
    return [];
  }
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})].filter(
    (d) => d.startsWith('@loadlab/'),
  );
}

/** The inferred targets of the project whose project.json this is, from its files. */
function fromProjectJson(root: string, abs: string): Record<string, TargetConfiguration> {
  const project = JSON.parse(readFileSync(join(abs, 'project.json'), 'utf8')) as {
    tags?: string[];
  };
  return inferTargets({
    root,
    tags: project.tags ?? [],
    files: projectFiles(abs),
    workspaceDeps: workspaceDeps(abs),
  });
}

/** One target per suite of a catalog: the catalog file itself defines them. */
function fromSuiteCatalog(root: string, abs: string): Record<string, TargetConfiguration> {
  const text = readFileSync(join(abs, SUITE_CATALOG), 'utf8');
  return loadTestTargets(parseSuiteCatalog(text, join(root, SUITE_CATALOG)));
}

/** The project root of a config file: its folder, or for src/<name>.e2e.ts the folder above src. */
function projectRootOf(configFile: string): string {
  const dir = dirname(configFile);
  return E2E_FILE.test(`src/${basename(configFile)}`) && basename(dir) === 'src'
    ? dirname(dir)
    : dir;
}

/**
 * Keyed on the files that define targets: a project.json (typecheck, test, e2e and build from the
 * project's files), a suites.json beside it (one target per suite) and each src/<name>.e2e.ts
 * (its e2e-<name>). Nx merges them.
 */
export const createNodesV2: CreateNodesV2 = [
  `**/{project.json,${SUITE_CATALOG},src/*.e2e.ts}`,
  (configFiles, options, context) =>
    createNodesFromFiles(
      (configFile, _options, ctx) => {
        const root = projectRootOf(configFile);
        const abs = join(ctx.workspaceRoot, root);
        // A suites.json or e2e file outside a project (a fixture, a copy in dist) defines nothing.
        if (!existsSync(join(abs, 'project.json'))) return {};
        const file = basename(configFile);
        const targets =
          file === SUITE_CATALOG
            ? fromSuiteCatalog(root, abs)
            : file === 'project.json'
              ? fromProjectJson(root, abs)
              : e2eFileTarget(
                  `src/${file}`,
                  readFileSync(join(ctx.workspaceRoot, configFile), 'utf8'),
                );
        return { projects: { [root]: { targets } } };
      },
      configFiles,
      options,
      context,
    ),
];
