/**
 * Section 5: the local demo's own wall time. `./loadlab demo` is its ensure-*
 * install checks, then bundling the k6 suites (an Nx cache hit after the first
 * time), then the run. The install checks are left out (first-time installs
 * are excluded, and they would run `npm ci` on a changed lockfile); the
 * bundling and the run are timed, and the chosen load duration (the planned
 * length the progress line announces) is subtracted. What k6 adds around the
 * load (start, summary) stays in: the user waits for it too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess } from '@loadlab/process-supervisor';
import { WORKSPACE_ROOT } from '@loadlab/workspace';

export interface Phase {
  readonly name: string;
  readonly seconds: number;
  /** The announced length (`~m:ss left` on its first line), for phases that have one. */
  readonly plannedS?: number;
}

export interface DemoTiming {
  readonly bundleS: number;
  /** From starting the run to its exit. */
  readonly runS: number;
  readonly phases: readonly Phase[];
  /** The load phase as it ran, and its planned length. */
  readonly loadS: number;
  readonly plannedLoadS: number;
  /** bundle + run - planned load: what the demo costs on top of the load you chose. */
  readonly overheadS: number;
  readonly exitCode: number | string;
}

/** The load profile is irrelevant here (its phase is subtracted); ci is the shortest. */
export const DEMO_ARGS = ['--load-profile=ci'] as const;
const DEMO_BOUND_MS = 5 * 60_000;
const PHASE_LINE = /^\[(\d+)\/\d+\] (.+?)(?: {2}\d+:\d\d elapsed, ~(\d+):(\d\d) left.*)?$/;
export const STARTUP_PHASE = 'node start and imports';

/**
 * Progress prints `[n/N] phase` when a phase starts (and repeats it while it
 * runs); a phase lasts until the next one starts, the last until exit.
 */
export function phasesFrom(
  lines: readonly (readonly [number, string])[],
  startMs: number,
  endMs: number,
): Phase[] {
  const starts: { n: number; name: string; t: number; plannedS?: number }[] = [];
  for (const [t, text] of lines) {
    const m = PHASE_LINE.exec(text);
    if (!m || starts.some((p) => p.n === Number(m[1]))) continue;
    const plannedS = m[3] === undefined ? undefined : Number(m[3]) * 60 + Number(m[4]);
    starts.push({ n: Number(m[1]), name: m[2]!, t, plannedS });
  }
  const phases: Phase[] = starts.length
    ? [{ name: STARTUP_PHASE, seconds: (starts[0]!.t - startMs) / 1000 }]
    : [];
  starts.forEach((p, i) =>
    phases.push({
      name: p.name,
      seconds: ((starts[i + 1]?.t ?? endMs) - p.t) / 1000,
      ...(p.plannedS === undefined ? {} : { plannedS: p.plannedS }),
    }),
  );
  return phases;
}

async function timed(command: string, args: readonly string[], env: NodeJS.ProcessEnv) {
  const lines: [number, string][] = [];
  const started = Date.now();
  const proc = startProcess(command, args, { env, cwd: WORKSPACE_ROOT });
  let partial = '';
  proc.child.stderr?.on('data', (d: string) => {
    const parts = (partial + d).split('\n');
    partial = parts.pop()!;
    for (const text of parts) lines.push([Date.now(), text]);
  });
  const bound = setTimeout(() => void proc.stop('SIGTERM'), DEMO_BOUND_MS);
  const code = await proc.exited.finally(() => clearTimeout(bound));
  return { code, lines, started, ended: Date.now(), output: proc.output() };
}

export async function timeDemo(): Promise<DemoTiming> {
  const out = await mkdtemp(join(tmpdir(), 'bench-demo-'));
  try {
    const env = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' };
    const nx = join(WORKSPACE_ROOT, 'node_modules/.bin/nx');
    const bundle = await timed(nx, ['run', 'load-tests:build', '--output-style=static'], env);
    if (bundle.code !== 0) throw new Error(`bundling the k6 suites failed:\n${bundle.output}`);

    const main = join(WORKSPACE_ROOT, 'apps/local-run/src/main.ts');
    const run = await timed(process.execPath, [main, ...DEMO_ARGS, `--out=${out}`], env);
    // 0 pass, 1 SLO failed: both ran the whole demo. 2 is "could not run".
    if (run.code !== 0 && run.code !== 1) {
      throw new Error(
        `./loadlab demo could not run (exit ${run.code}):\n${run.output.slice(-3000)}`,
      );
    }
    const phases = phasesFrom(run.lines, run.started, run.ended);
    const load = phases.find((p) => p.name.startsWith('load:'));
    if (!load?.plannedS)
      throw new Error(`no load phase in the demo's progress:\n${run.output.slice(-3000)}`);
    const bundleS = (bundle.ended - bundle.started) / 1000;
    const runS = (run.ended - run.started) / 1000;
    return {
      bundleS,
      runS,
      phases,
      loadS: load.seconds,
      plannedLoadS: load.plannedS,
      overheadS: bundleS + runS - load.plannedS,
      exitCode: run.code,
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
