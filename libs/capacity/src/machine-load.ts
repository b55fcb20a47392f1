/**
 * Who used the machine's CPU while a plateau ran: k6, the API, this process, and everyone else,
 * from /proc (Linux). A capacity figure is the server's only if the server, not the generator or a
 * neighbour, ran out: a breaking plateau with no idle CPU left, or k6 using nearly every core, is
 * generator-bound; CPU used outside the run, steal, or a load average above the cores make the
 * machine noisy. The bounds are below, in one place, and the README quotes them.
 */
import { availableParallelism, loadavg } from 'node:os';
import { readdir, readFile } from 'node:fs/promises';
import { cpuCeiling } from './cgroup.ts';

/** Less idle CPU than this share of all cores at a breaking plateau: the API had none to grow into. */
export const MIN_IDLE_SHARE = 0.1;
/** k6 using at least this share of its ceiling (all cores, or its cgroup's quota) is saturated, whatever the API did. */
export const K6_SATURATED_SHARE = 0.9;
/**
 * The API at this share of its ceiling is the bottleneck itself: one core for a Node process (one
 * event loop), or its cgroup's quota when lower (a pod's CPU limit, as the capacity run sets it).
 */
export const API_SATURATED_CORES = 0.9;
/** CPU used by processes outside the run, as a share of all cores, above which the machine is noisy. */
export const MAX_OUTSIDE_SHARE = 0.25;
/** CPU steal (a hypervisor giving our cores to others) above which the machine is noisy. */
export const MAX_STEAL_SHARE = 0.05;
/** 1-minute load average per core above which the machine is noisy before the run starts. */
export const MAX_LOAD_PER_CORE = 1;

export interface CpuSample {
  /** performance.now() of the sample, ms. */
  readonly t: number;
  /** /proc/stat "cpu" line: all jiffies, idle (idle + iowait) and steal. */
  readonly total: number;
  readonly idle: number;
  readonly steal: number;
  /** CPU jiffies (utime + stime) of the processes of the run, by role. */
  readonly k6: number;
  readonly api: number;
  readonly self: number;
  readonly load1: number;
  /** The k6 process of the run, once it runs. */
  readonly k6Pid?: number;
}

export interface CpuWindow {
  readonly seconds: number;
  readonly cores: number;
  /** Cores used (1 = one core busy for the whole window). */
  readonly k6Cores: number;
  /** null: the API's process is not known (--base-url). */
  readonly apiCores: number | null;
  readonly selfCores: number;
  /** Busy CPU not used by k6, the API or this process (nor their children). */
  readonly outsideCores: number;
  readonly idleShare: number;
  readonly stealShare: number;
  readonly load1: number;
  /** What k6 could use at most: the cores, or its cgroup's CPU quota when lower. */
  readonly k6CeilingCores?: number;
  /** What the API could use at most: its cgroup's quota (a pod's limit), capped at one event loop. */
  readonly apiCeilingCores?: number | null;
}

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  readonly comm: string;
  readonly ticks: number;
}

/** /proc/<pid>/stat: comm may hold spaces and parentheses, so split after the last ')'. */
export function parseProcStat(text: string): ProcStat | null {
  const close = text.lastIndexOf(')');
  const open = text.indexOf('(');
  if (open < 0 || close < open) return null;
  const rest = text.slice(close + 2).split(' ');
  // fields after comm: state(0) ppid(1) ... utime(11) stime(12)
  const ticks = Number(rest[11]) + Number(rest[12]);
  return {
    pid: Number(text.slice(0, open).trim()),
    ppid: Number(rest[1]),
    comm: text.slice(open + 1, close),
    ticks: Number.isFinite(ticks) ? ticks : 0,
  };
}

/** The "cpu" line of /proc/stat: [total, idle + iowait, steal] jiffies. */
export function parseCpuLine(stat: string): [number, number, number] {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('/proc/stat has no "cpu" line');
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
  const total = f.slice(0, 8).reduce((a, b) => a + (b || 0), 0);
  return [total, (f[3] ?? 0) + (f[4] ?? 0), f[7] ?? 0];
}

async function processes(): Promise<ProcStat[]> {
  const out: ProcStat[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const text = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => null);
    const p = text && parseProcStat(text);
    if (p) out.push(p);
  }
  return out;
}

/** Each process's role in the run: the API's tree, k6 under us, and the rest of our own tree. */
export function roles(
  all: readonly ProcStat[],
  selfPid: number,
  apiPid?: number,
): { k6: number; api: number; self: number } {
  const byParent = new Map<number, ProcStat[]>();
  for (const p of all) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const sum = { k6: 0, api: 0, self: 0 };
  const walk = (p: ProcStat, role: 'k6' | 'api' | 'self') => {
    const r = p.pid === apiPid ? 'api' : role === 'self' && p.comm === 'k6' ? 'k6' : role;
    sum[r] += p.ticks;
    for (const c of byParent.get(p.pid) ?? []) walk(c, r);
  };
  const self = all.find((p) => p.pid === selfPid);
  if (self) walk(self, 'self');
  const api = apiPid === undefined ? undefined : all.find((p) => p.pid === apiPid);
  // An API started elsewhere (not our child) is still the API.
  if (api && !isDescendant(api, selfPid, all)) walk(api, 'api');
  return sum;
}

function isDescendant(p: ProcStat, ancestor: number, all: readonly ProcStat[]): boolean {
  const byPid = new Map(all.map((x) => [x.pid, x]));
  for (let q: ProcStat | undefined = p, n = 0; q && n < 64; q = byPid.get(q.ppid), n++)
    if (q.ppid === ancestor) return true;
  return false;
}

export async function sampleCpu(apiPid?: number): Promise<CpuSample> {
  const t = performance.now();
  const [total, idle, steal] = parseCpuLine(await readFile('/proc/stat', 'utf8'));
  const all = await processes();
  const r = roles(all, process.pid, apiPid);
  const k6Pid = all.find((p) => p.comm === 'k6' && isDescendant(p, process.pid, all))?.pid;
  return { t, total, idle, steal, ...r, load1: loadavg()[0]!, ...(k6Pid ? { k6Pid } : {}) };
}

/** What happened between two samples. Jiffies of all cores over wall time give cores in use. */
export function windowBetween(
  a: CpuSample,
  b: CpuSample,
  cores = availableParallelism(),
  ceilings: { readonly k6?: number; readonly api?: number | null } = {},
): CpuWindow {
  const seconds = (b.t - a.t) / 1000;
  const all = Math.max(1, b.total - a.total);
  const perCore = all / cores; // jiffies one core has in the window
  const share = (j: number) => Math.max(0, j) / all;
  const used = (j: number) => Math.max(0, j) / perCore;
  const busy = all - (b.idle - a.idle);
  const k6 = b.k6 - a.k6;
  const api = b.api - a.api;
  const self = b.self - a.self;
  return {
    seconds,
    cores,
    k6Cores: used(k6),
    apiCores: a.api === 0 && b.api === 0 ? null : used(api),
    selfCores: used(self),
    // A role's ticks fall when one of its processes exits (its CPU leaves the sum): clamped, so
    // an exit never turns the run's own CPU into "other processes".
    outsideCores: used(
      busy - Math.max(0, k6) - Math.max(0, api) - Math.max(0, self) - (b.steal - a.steal),
    ),
    idleShare: share(b.idle - a.idle),
    stealShare: share(b.steal - a.steal),
    load1: b.load1,
    k6CeilingCores: Math.min(cores, ceilings.k6 ?? cores),
    apiCeilingCores: ceilings.api === undefined || ceilings.api === null ? null : ceilings.api,
  };
}

/** Why a breaking plateau says nothing about the server; null when the server was the limit. */
export function generatorBound(w: CpuWindow): string | null {
  const k6Ceiling = w.k6CeilingCores ?? w.cores;
  if (w.k6Cores >= K6_SATURATED_SHARE * k6Ceiling)
    return k6Ceiling < w.cores
      ? `k6 used ${w.k6Cores.toFixed(2)} cores, ${((w.k6Cores / k6Ceiling) * 100).toFixed(0)}% of its cgroup's CPU quota of ${+k6Ceiling.toFixed(3)}`
      : `k6 used ${w.k6Cores.toFixed(2)} of ${w.cores} cores`;
  const apiSaturated = API_SATURATED_CORES * Math.min(1, w.apiCeilingCores ?? 1);
  if (w.idleShare < MIN_IDLE_SHARE && !(w.apiCores !== null && w.apiCores >= apiSaturated))
    return `the machine had ${(w.idleShare * 100).toFixed(0)}% idle CPU (k6 ${w.k6Cores.toFixed(2)}, API ${w.apiCores === null ? '?' : w.apiCores.toFixed(2)}, others ${w.outsideCores.toFixed(2)} cores)`;
  return null;
}

/** Why the machine was too busy for a figure to be trusted; empty when it was quiet enough. */
export function noisy(w: CpuWindow, opts: { before?: boolean } = {}): string[] {
  const why: string[] = [];
  if (w.outsideCores > MAX_OUTSIDE_SHARE * w.cores)
    why.push(`other processes used ${w.outsideCores.toFixed(2)} of ${w.cores} cores`);
  if (w.stealShare > MAX_STEAL_SHARE) why.push(`CPU steal ${(w.stealShare * 100).toFixed(0)}%`);
  // During the run our own k6 and API lift the load average; it says something only before.
  if (opts.before && w.load1 > MAX_LOAD_PER_CORE * w.cores)
    why.push(`load average ${w.load1.toFixed(1)} on ${w.cores} cores`);
  return why;
}

/** Samples every intervalMs until stopped; windows between any two moments of the run. */
export class CpuWatch {
  readonly samples: CpuSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pending: Promise<void> = Promise.resolve();

  private readonly apiPid: number | undefined;
  private readonly intervalMs: number;
  private readonly cores = availableParallelism();
  /** Read once from the live processes' cgroups: a quota does not change within a ladder. */
  private apiCeiling: number | null = null;
  private k6Ceiling: number | undefined;

  constructor(apiPid?: number, intervalMs = 1000) {
    this.apiPid = apiPid;
    this.intervalMs = intervalMs;
  }

  async start(): Promise<void> {
    if (this.apiPid !== undefined) {
      const c = cpuCeiling(this.apiPid, this.cores);
      this.apiCeiling = c < this.cores ? c : null;
    }
    await this.take();
    this.timer = setInterval(() => void this.take(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.pending;
    await this.take();
  }

  private take(): Promise<void> {
    this.pending = this.pending
      .then(() => sampleCpu(this.apiPid))
      .then((s) => {
        if (s.k6Pid && this.k6Ceiling === undefined)
          this.k6Ceiling = cpuCeiling(s.k6Pid, this.cores);
        this.samples.push(s);
      })
      .catch(() => undefined);
    return this.pending;
  }

  /** The window between the samples nearest to two moments (performance.now() ms). */
  window(fromMs: number, toMs: number): CpuWindow | null {
    // Once k6 has exited, its CPU is gone from the sums: samples after that attribute nothing.
    const started = this.samples.findIndex((s) => s.k6Pid !== undefined);
    const exited = started < 0 ? -1 : this.samples.findIndex((s, i) => i > started && !s.k6Pid);
    const until = exited < 0 ? Infinity : this.samples[exited]!.t;
    const inside = this.samples.filter((s) => s.t >= fromMs - 1 && s.t <= toMs + 1 && s.t < until);
    if (inside.length < 2) return null;
    return windowBetween(inside[0]!, inside.at(-1)!, this.cores, {
      k6: this.k6Ceiling,
      api: this.apiCeiling,
    });
  }

  /** When k6 first used CPU: the run's scenarios start about then. */
  k6StartedAt(): number | null {
    const first = this.samples[0];
    return this.samples.find((s) => first && s.k6 > first.k6)?.t ?? null;
  }
}

/** A few seconds of the machine before the run: is it quiet enough to measure on? */
export async function machineBefore(seconds = 3, apiPid?: number): Promise<CpuWindow> {
  const a = await sampleCpu(apiPid);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return windowBetween(a, await sampleCpu(apiPid));
}

export interface BusyProcess {
  readonly pid: number;
  readonly comm: string;
  /** Cores it used over the window. */
  readonly cores: number;
}

/**
 * What else was running: the processes outside this process's tree that used the most CPU over
 * a few seconds, for a report to show beside its figures.
 */
export async function busiestOthers(seconds = 3, top = 5): Promise<BusyProcess[]> {
  const a = new Map((await processes()).map((p) => [p.pid, p]));
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const all = await processes();
  const wall = (performance.now() - t0) / 1000;
  const hz = 100; // USER_HZ: /proc reports jiffies of 1/100 s on Linux
  return all
    .filter((p) => p.pid !== process.pid && !isDescendant(p, process.pid, all))
    .map((p) => ({
      pid: p.pid,
      comm: p.comm,
      cores: (p.ticks - (a.get(p.pid)?.ticks ?? p.ticks)) / hz / wall,
    }))
    .filter((p) => p.cores > 0.01)
    .sort((x, y) => y.cores - x.cores)
    .slice(0, top);
}
