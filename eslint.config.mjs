import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

// The runtime boundary: code that runs inside k6 (sobek, not Node) must not import
// Node built-ins or Node libraries, and Node code must not import k6 modules.
// Project tags (project.json) are the source of truth. Nx's rule checks project
// dependencies; built-ins and k6's modules are not graph nodes, so the import
// bans are derived from the same tags and enforced with no-restricted-imports.
// Nx runs lint in each project's folder: resolve from this file, not the cwd.
const ws = (p) => fileURLToPath(new URL(p, import.meta.url));
const projects = ['apps', 'libs']
  .flatMap((d) => readdirSync(ws(d)).map((p) => `${d}/${p}`))
  .concat('tools')
  .filter((root) => existsSync(ws(`${root}/project.json`)))
  .map((root) => ({
    root,
    tags: JSON.parse(readFileSync(ws(`${root}/project.json`), 'utf8')).tags ?? [],
  }));
const rootsTagged = (tag) =>
  projects.filter((p) => p.tags.includes(tag)).map((p) => `${p.root}/**/*.ts`);

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const k6ModulesBan = {
  group: ['k6', 'k6/*'],
  message: 'k6 modules exist only inside k6, not in Node.',
};
// libs/process-supervisor is the one way loadlab runs a program (run/runSync for a bounded run
// with a RunError, startProcess for a long-running child): nothing else spawns on its own.
const childProcessBan = ['child_process', 'node:child_process'].map((name) => ({
  name,
  message:
    'Run programs through @loadlab/process-supervisor: run()/runSync() (a RunError names the command, exit code and last lines), or startProcess() for a long-running child.',
}));
const childProcessAllowed = [
  'libs/process-supervisor/**/*.ts',
  // Closes its end of the child's stdout mid-run (the EPIPE case): a raw stream is the point.
  'apps/crocodile-api/src/log-sink.spec.ts',
];

// Production code imports no test kit: what ships must not need what only tests run.
const testKits = ['@loadlab/testkit', '@loadlab/e2e-fixtures'];
const productionRoots = projects
  .filter((p) => !p.tags.includes('type:testing'))
  .filter((p) => p.tags.includes('type:lib') || p.tags.includes('type:app'))
  .map((p) => `${p.root}/**/*.ts`);
const testFiles = [
  '**/*.spec.ts',
  '**/*.e2e.ts',
  '**/*.fixture.ts',
  '**/*.typecheck.ts',
  '**/test-support.ts',
];

export default [
  // Generated manifests (their k6 bundles included) are checked for drift, not linted.
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '.tools',
      '.nx',
      'reports',
      '.data',
      'libs/k8s-manifests/load/scripts',
    ],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          depConstraints: [
            { sourceTag: 'runtime:k6', onlyDependOnLibsWithTags: ['runtime:k6'] },
            { sourceTag: 'runtime:node', onlyDependOnLibsWithTags: ['runtime:node'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing', 'type:lib'] },
            {
              sourceTag: 'type:tool',
              onlyDependOnLibsWithTags: ['type:lib', 'type:testing', 'type:tool'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      // Used deliberately on regex groups and lookups the code has just checked.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: rootsTagged('runtime:k6'),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'k6 scripts do not run on Node.' })),
          patterns: [
            {
              group: ['@loadlab/*', 'express', 'prom-client', 'pino'],
              message: 'k6 code cannot import Node code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: rootsTagged('runtime:node'),
    rules: {
      'no-restricted-imports': ['error', { paths: childProcessBan, patterns: [k6ModulesBan] }],
    },
  },
  {
    // A later block replaces the rule's options, so the k6 ban is restated without the other.
    files: childProcessAllowed,
    rules: { 'no-restricted-imports': ['error', { patterns: [k6ModulesBan] }] },
  },
  {
    // A rule of its own (not the core no-restricted-imports), so the blocks above keep theirs.
    files: productionRoots,
    ignores: testFiles,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: testKits.map((name) => ({
            name,
            message: 'Production code imports no test kit; keep test helpers in tests.',
          })),
        },
      ],
    },
  },
  prettier,
];
