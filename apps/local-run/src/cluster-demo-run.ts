/** Runs `./loadlab demo --cluster` as a user would, for the demo's e2e files. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess } from '@loadlab/process-supervisor';
import type { Verdict } from '@loadlab/verdict';
import { WORKSPACE_ROOT } from '@loadlab/workspace';
import { clusterDemoBlocker } from './cluster-run.ts';

const MAIN = join(WORKSPACE_ROOT, 'apps/local-run/src/main.ts');
const RUN_MS = 15 * 60_000;
export const skip = clusterDemoBlocker();
if (skip) console.log(`# SKIP demo --cluster: ${skip}`);

interface Run {
  code: number | null;
  out: string;
  verdict?: Verdict;
}

/** The demo, as ./loadlab runs it once setup is done; bounded; its verdict read from verdict.json. */
export async function demo(...args: string[]): Promise<Run> {
  let out = '';
  const child = startProcess(process.execPath, [MAIN, '--cluster', '--load-profile=ci', ...args], {
    cwd: WORKSPACE_ROOT,
    onOutput: (d) => {
      out += d;
      process.stdout.write(d.replace(/^/gm, '# '));
    },
  });
  // SIGINT lets the demo tear its cluster down; SIGKILL only if that takes 5 minutes more.
  const timer = setTimeout(() => void child.stop('SIGINT', 5 * 60_000), RUN_MS);
  const exited = await child.exited;
  clearTimeout(timer);
  const file = /^verdict: +(\S+)$/m.exec(out)?.[1];
  return {
    code: typeof exited === 'number' ? exited : null,
    out,
    verdict: file ? (JSON.parse(readFileSync(file, 'utf8')) as Verdict) : undefined,
  };
}

export const check = (v: Verdict, id: string) => {
  const c = v.checks.find((x) => x.id === id);
  assert.ok(c, `a ${id} check among ${v.checks.map((x) => x.id).join(', ')}`);
  return c;
};
/** Ready replicas over the run, from kube-state-metrics: what the report's replica chart draws. */
const replicas = (v: Verdict) => (v.scaling?.series.ready.points ?? []).map(([, n]) => n);

/** Scale-up and scale-down judged and passed, and the ready replicas went 1 -> N -> 1. */
export function assertScaledOutAndBack(v: Verdict) {
  for (const id of ['scale-up', 'scale-down']) assert.equal(check(v, id).outcome, 'pass', id);
  const n = replicas(v);
  assert.equal(n[0], 1, `starts at 1 replica: ${n.join(' ')}`);
  assert.ok(Math.max(...n) > 1, `scales out: ${n.join(' ')}`);
  assert.equal(n.at(-1), 1, `back at 1: ${n.join(' ')}`);
}
