/**
 * Issue 28 point 4, through the real command: the local API under the pod's CPU limit (its cgroup,
 * from the rendered manifest), short plateaus.
 *  - a starved generator (k6 itself in a cgroup with 0.05 CPU) is reported as generator-bound,
 *    never as a knee, in the console, capacity.json and the report;
 *  - a background CPU hog (two busy loops outside the run, bounded, stopped by PID) makes the run
 *    say the machine is noisy (UNRELIABLE, no advice) in all three.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  cgroupLauncher,
  CgroupUnavailableError,
  createPodCgroup,
  type PodCgroup,
} from '@loadlab/capacity';
import { resolveK6 } from '@loadlab/k6-runner';
import { run, startProcess } from '@loadlab/process-supervisor';
import { WORKSPACE_K6 } from '@loadlab/workspace';

const MAIN = fileURLToPath(new URL('./capacity-main.ts', import.meta.url));
const SHORT = ['--cpu-levels=limit', '--size-from=limit', '--plateau-seconds=3', '--max-rounds=3'];

let skip: string | undefined;
try {
  createPodCgroup('loadlab-probe', { cpu: 0.5, memoryBytes: null }).remove();
} catch (err) {
  if (!(err instanceof CgroupUnavailableError)) throw err;
  skip = `needs root and cgroups: ${err.message}`;
  console.log(`# SKIP ${skip}`);
}

async function capacity(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = await run(process.execPath, [MAIN, ...args], {
    timeoutMs: 150_000,
    env,
    okExitCodes: 'any',
  });
  return { code: r.exitCode, out: r.stdout + r.stderr };
}

describe('the capacity run on a starved generator and on a noisy machine', { skip }, () => {
  let dir: string;
  let k6Group: PodCgroup | undefined;
  const hogs: number[] = [];
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'capacity-machine-proof-'))));
  after(async () => {
    for (const pid of hogs) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Ended on its own bound.
      }
    }
    k6Group?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'k6 in a cgroup of 0.05 CPU: generator-bound, no knee and no capacity',
    { timeout: 180_000 },
    async () => {
      k6Group = createPodCgroup('loadlab-generator-starved', { cpu: 0.05, memoryBytes: null });
      // A shell named k6 puts itself in the group and execs the real k6 (same PID, comm k6).
      const { command, args } = cgroupLauncher(k6Group);
      const k6 = join(dir, 'k6');
      await writeFile(
        k6,
        `#!${command}\n${args[1]!.replace('exec "$@"', `exec '${resolveK6(process.env, WORKSPACE_K6.localK6)}' "$@"`)}\n`,
        { mode: 0o755 },
      );
      const out = join(dir, 'starved');
      const r = await capacity([...SHORT, '--start-rate=40', `--out=${out}`], {
        ...process.env,
        K6: k6,
      });
      assert.equal(r.code, 1, r.out);
      assert.match(
        r.out,
        /GENERATOR-BOUND, not a knee: .*k6 used [\d.]+ cores, \d+% of its cgroup's CPU quota of 0\.05/,
      );
      assert.match(
        r.out,
        /capacity not judged: generator-bound at \d+ req\/s: give k6 its own cores or use --parallelism on another machine/,
      );
      const saved = JSON.parse(await readFile(join(out, 'capacity.json'), 'utf8'));
      assert.equal(saved.capacity, null);
      assert.equal(typeof saved.result.generatorBoundAt, 'number');
      assert.equal(saved.levels[0].level, 'limit');
      const html = await readFile(join(out, 'report.html'), 'utf8');
      assert.match(html, /capacity not judged: generator-bound at/);
      assert.match(html, /class="generator-bound"/);
    },
  );

  it(
    'two busy loops outside the run: the machine is noisy, the figure UNRELIABLE, no advice',
    { timeout: 180_000 },
    async () => {
      // sh starts each hog in the background and exits: not our descendants, so "others".
      // Each ends on its own after 90 s whatever happens here, and after() kills it by PID.
      for (let i = 0; i < 2; i++) {
        const sh = startProcess('sh', [
          '-c',
          `${process.execPath} -e 'const end = Date.now() + 90000; while (Date.now() < end);' >/dev/null 2>&1 & echo $!`,
        ]);
        await sh.exited;
        hogs.push(Number(/^(\d+)$/m.exec(sh.output())![1]));
      }
      const out = join(dir, 'noisy');
      const r = await capacity([...SHORT, '--start-rate=20', '--max-rate=200', `--out=${out}`]);
      for (const pid of hogs.splice(0)) process.kill(pid, 'SIGKILL');
      assert.equal(r.code, 1, r.out);
      assert.match(
        r.out,
        /machine before the search: .* — NOISY: other processes used [\d.]+ of \d+ cores/,
      );
      assert.match(r.out, /machine: UNRELIABLE, before the search: other processes used/);
      assert.doesNotMatch(r.out, /^advice, sized for/m);
      const saved = JSON.parse(await readFile(join(out, 'capacity.json'), 'utf8'));
      assert.equal(saved.levels[0].machine.reliable, false);
      assert.match(saved.levels[0].machine.reasons.join(), /other processes used/);
      assert.equal(saved.advice, undefined);
      const html = await readFile(join(out, 'report.html'), 'utf8');
      assert.match(html, /machine: UNRELIABLE, before the search: other processes used/);
      assert.match(html, /No advice \(not judged\)/);
    },
  );
});
