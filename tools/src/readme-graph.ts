/**
 * Writes the "## Targets and graph" section at the end of every project README from the Nx
 * graph (targets, imports, implicit dependencies, dependents), or with --check says which drifted.
 *
 *   node tools/src/readme-graph.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFlag } from '@loadlab/input';
import { runSync } from '@loadlab/process-supervisor';
import { WORKSPACE_ROOT } from '@loadlab/workspace';

interface Graph {
  nodes: Record<string, { data: { root: string; targets: Record<string, unknown> } }>;
  dependencies: Record<string, { target: string; type: string }[]>;
}

export const HEADING = '## Targets and graph';
const PLUGIN_DOC = 'tools/README.md#inferred-targets-srcnx-plugin';

export function readGraph(root = WORKSPACE_ROOT): Graph {
  const file = join(tmpdir(), `loadlab-graph-${process.pid}.json`);
  runSync(join(root, 'node_modules/.bin/nx'), ['graph', `--file=${file}`], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    timeoutMs: 5 * 60_000,
  });
  return (JSON.parse(readFileSync(file, 'utf8')) as { graph: Graph }).graph;
}

const code = (names: Iterable<string>) => [...names].map((n) => `\`${n}\``).join(', ');

/** The section for one project: which targets are inferred, which written, and its edges. */
export function section(graph: Graph, name: string, explicit: readonly string[]): string {
  const { root, targets } = graph.nodes[name]!.data;
  const all = Object.keys(targets);
  const own = all.filter((t) => explicit.includes(t));
  const inferred = all.filter((t) => !own.includes(t));
  const deps = graph.dependencies[name] ?? [];
  const imports = new Set(deps.filter((d) => d.type !== 'implicit').map((d) => d.target));
  const runs = deps.filter((d) => d.type === 'implicit').map((d) => d.target);
  const usedBy = Object.entries(graph.dependencies)
    .filter(([, ds]) => ds.some((d) => d.target === name))
    .map(([p]) => p);
  const link = root === 'tools' ? PLUGIN_DOC.slice('tools/'.length) : `../../${PLUGIN_DOC}`;
  let text = `\`npx nx show project ${name}\`: ${code(inferred)} (inferred: \`lint\` by @nx/eslint, the others by [tools/src/nx-plugin](${link}))`;
  if (own.length > 0) text += `; ${code(own)} (in project.json)`;
  text += '.';
  if (imports.size > 0) text += ` Imports ${code([...imports].sort())}.`;
  if (runs.length > 0) text += ` Runs the code of ${code(runs.sort())} (implicit dependencies).`;
  text += usedBy.length > 0 ? ` Used by ${code(usedBy.sort())}.` : ' Nothing depends on it.';
  return `${HEADING}\n\n${text}\n`;
}

/** The README with its section replaced (or appended). */
export function withSection(readme: string, body: string): string {
  const at = readme.indexOf(`\n${HEADING}\n`);
  return `${(at >= 0 ? readme.slice(0, at) : readme).trimEnd()}\n\n${body}`;
}

/** Targets a project.json defines in full (with an executor); the rest are inferred or merged. */
function explicitTargets(root: string): string[] {
  const pj = JSON.parse(readFileSync(join(WORKSPACE_ROOT, root, 'project.json'), 'utf8')) as {
    targets?: Record<string, { executor?: string }>;
  };
  return Object.entries(pj.targets ?? {})
    .filter(([, t]) => t.executor)
    .map(([n]) => n);
}

/** README files whose section differs from the graph (written unless check). */
export function syncReadmes(graph: Graph, check: boolean): string[] {
  const drifted: string[] = [];
  for (const name of Object.keys(graph.nodes).sort()) {
    const { root } = graph.nodes[name]!.data;
    const file = join(WORKSPACE_ROOT, root, 'README.md');
    const before = readFileSync(file, 'utf8');
    // Prettier wraps nothing here: the section is one paragraph on one line.
    const after = withSection(before, section(graph, name, explicitTargets(root)));
    if (after === before) continue;
    drifted.push(`${root}/README.md`);
    if (!check) writeFileSync(file, after);
  }
  return drifted;
}

if (import.meta.main) {
  const check = checkFlag(process.argv.slice(2));
  const drifted = syncReadmes(readGraph(), check);
  if (check && drifted.length > 0) {
    console.error(
      `project READMEs drifted from the Nx graph; run node tools/src/readme-graph.ts:\n  ${drifted.join('\n  ')}`,
    );
    process.exit(1);
  }
  console.log(check ? 'project READMEs match the graph' : `updated ${drifted.length} README(s)`);
}
