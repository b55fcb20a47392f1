/**
 * loadlab's Nx plugin: every project (a project.json) gets its typecheck, test, e2e and build
 * targets from its files, and load-tests one target per suite of its catalog. Listed in nx.json;
 * targets written in a project.json merge over these.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createNodesFromFiles, type CreateNodesV2 } from '@nx/devkit';
import { inferTargets } from './infer-targets.ts';
import { parseSuiteCatalog } from '@loadlab/k6-runner/suite-catalog';
import { loadTestTargets } from './load-test-targets.ts';

/** The file in a project root that holds its suites; only load-tests has one. */
export const SUITE_CATALOG = 'suites.json';

/** Files under a project root, relative and with forward slashes; output and installs skipped. */
function projectFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split('\\').join('/'))
    .filter((f) => !/(^|\/)(node_modules|dist)(\/|$)/.test(f));
}

export const createNodesV2: CreateNodesV2 = [
  '**/project.json',
  (configFiles, options, context) =>
    createNodesFromFiles(
      (configFile, _options, ctx) => {
        const root = dirname(configFile);
        const abs = join(ctx.workspaceRoot, root);
        const project = JSON.parse(readFileSync(join(abs, 'project.json'), 'utf8')) as {
          tags?: string[];
        };
        const files = projectFiles(abs);
        const tags = project.tags ?? [];
        const targets = inferTargets({ root, tags, files });
        if (tags.includes('runtime:k6') && files.includes(SUITE_CATALOG)) {
          const text = readFileSync(join(abs, SUITE_CATALOG), 'utf8');
          Object.assign(
            targets,
            loadTestTargets(parseSuiteCatalog(text, join(root, SUITE_CATALOG))),
          );
        }
        return { projects: { [root]: { targets } } };
      },
      configFiles,
      options,
      context,
    ),
];
