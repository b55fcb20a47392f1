/**
 * CPU time a process has used (all its threads, user + system), from
 * /proc/<pid>/stat. On a machine that also runs other work, a contender's
 * req/s moves with that work; its CPU time per request barely does, which
 * makes it the steadier measure of what a middleware costs.
 */
import { readFileSync } from 'node:fs';
import { runSync } from '@loadlab/process-supervisor';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(runSync('getconf', ['CLK_TCK'], { timeoutMs: 5000 }).stdout) || 100;
    } catch {
      ticksPerSecond = 100; // Linux's USER_HZ nearly everywhere
    }
  }
  return ticksPerSecond;
}

/** Milliseconds of CPU so far, or undefined where there is no /proc (macOS). */
export function processCpuMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces; fields after it are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  return (ticks * 1000) / clockTicks();
}
