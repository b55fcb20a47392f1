/**
 * A child cgroup that gives a process what a pod gets: a CPU quota (the kubelet's CFS quota: limit
 * × 100 ms per 100 ms period) and a memory limit. cgroup v2 (cpu.max, memory.max) where the cpu and
 * memory controllers are on the unified hierarchy, else v1 (cpu.cfs_quota_us, memory.limit_in_bytes),
 * as the kubelet does on either. The group is made under this process's own cgroup (so it stays
 * inside whatever limits we already run under), and is always removed: on remove(), and on exit
 * (SIGINT/SIGTERM included, through the 'exit' handler) by moving anything left to the parent.
 */
import {
  existsSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { join } from 'node:path';

export type CgroupVersion = 'v2' | 'v1';

/** The kubelet's CFS period (100 ms): a quota of limit × period per period. */
export const CFS_PERIOD_US = 100_000;
/** The kernel refuses a quota under 1 ms. */
const MIN_QUOTA_US = 1_000;

export class CgroupUnavailableError extends Error {}

interface Mount {
  readonly dir: string;
  readonly fstype: string;
  readonly options: readonly string[];
}

/** /proc/self/mountinfo: mount point is field 5; after " - ": fstype, source, super options. */
export function parseMountinfo(text: string): Mount[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [left, right = ''] = l.split(' - ');
      const [fstype = '', , opts = ''] = right.split(' ');
      return { dir: left!.split(' ')[4] ?? '', fstype, options: opts.split(',') };
    });
}

/** /proc/<pid>/cgroup: per hierarchy ("" for v2) its controllers and the process's path. */
export function parseProcCgroup(text: string): { controllers: string[]; path: string }[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [, ctl = '', ...rest] = l.split(':');
      return { controllers: ctl ? ctl.split(',') : [], path: rest.join(':') };
    });
}

interface Layout {
  readonly version: CgroupVersion;
  /** The directory of this process's cgroup, per controller we need. */
  readonly cpuDir: string;
  readonly memoryDir: string;
}

const read = (f: string) => readFileSync(f, 'utf8');

/** Where this process's cgroup is, and which version carries cpu and memory; or why none does. */
export function cgroupLayout(pid: number | 'self' = 'self'): Layout {
  const mounts = parseMountinfo(read('/proc/self/mountinfo'));
  const own = parseProcCgroup(read(`/proc/${pid}/cgroup`));
  const v2 = mounts.find((m) => m.fstype === 'cgroup2');
  const v2Path = own.find((c) => c.controllers.length === 0)?.path;
  if (v2 && v2Path !== undefined) {
    const dir = join(v2.dir, v2Path);
    const ctl = existsSync(join(dir, 'cgroup.controllers'))
      ? read(join(dir, 'cgroup.controllers')).split(/\s+/)
      : [];
    if (ctl.includes('cpu') && ctl.includes('memory'))
      return { version: 'v2', cpuDir: dir, memoryDir: dir };
  }
  const v1 = (controller: string) => {
    const m = mounts.find((x) => x.fstype === 'cgroup' && x.options.includes(controller));
    const p = own.find((c) => c.controllers.includes(controller))?.path;
    return m && p !== undefined ? join(m.dir, p) : undefined;
  };
  const cpuDir = v1('cpu');
  const memoryDir = v1('memory');
  if (cpuDir && memoryDir) return { version: 'v1', cpuDir, memoryDir };
  throw new CgroupUnavailableError(
    v2
      ? `cgroup v2 at ${v2.dir} does not offer the cpu and memory controllers here, and no cgroup v1 cpu and memory hierarchies are mounted`
      : 'no cgroup filesystem is mounted (neither v2 nor v1 cpu/memory)',
  );
}

export interface PodCgroupLimits {
  /** Cores; null: no quota. */
  readonly cpu: number | null;
  /** Bytes; null: no limit. */
  readonly memoryBytes: number | null;
  /**
   * CPU weight against the other groups, cgroup v2's scale (1-10000, default 100; v1 cpu.shares =
   * weight × 1024 / 100). Unset: the default, as for any process. A test raises it so that a
   * quota of one CPU is really used on a busy machine.
   */
  readonly cpuWeight?: number;
}

export interface PodCgroup {
  readonly version: CgroupVersion;
  /** The directories made (one for v2; cpu and memory for v1). */
  readonly dirs: readonly string[];
  /** Moves a process (all its threads) in; its children start inside. */
  add(pid: number): void;
  /** Changes the CPU quota of everything inside. */
  setCpu(cores: number | null): void;
  /** How many processes inside the kernel killed for memory so far. */
  oomKills(): number;
  /** Moves anything left to the parent, then removes the directories. Idempotent. */
  remove(): void;
}

const quotaUs = (cores: number) => Math.max(MIN_QUOTA_US, Math.round(cores * CFS_PERIOD_US));

function writeIfExists(file: string, value: string): void {
  if (existsSync(file)) writeFileSync(file, value);
}

/** Move the processes of dir to its parent, then rmdir; a just-exited process may hold it briefly. */
function emptyAndRemove(dir: string, parent: string): void {
  if (!existsSync(dir)) return;
  for (let attempt = 0; attempt < 50; attempt++) {
    for (const pid of read(join(dir, 'cgroup.procs')).split('\n').filter(Boolean)) {
      try {
        writeFileSync(join(parent, 'cgroup.procs'), pid);
      } catch {
        // ESRCH: it exited meanwhile.
      }
    }
    try {
      rmdirSync(dir);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  throw new Error(`could not remove cgroup ${dir}: still busy after 1 s`);
}

/** Groups this code made whose maker (the pid in the name) is gone and that are empty. */
export function removeStaleCgroups(prefix = 'loadlab-'): string[] {
  const removed: string[] = [];
  let layout: Layout;
  try {
    layout = cgroupLayout();
  } catch {
    return removed;
  }
  for (const parent of new Set([layout.cpuDir, layout.memoryDir])) {
    for (const name of readdirSync(parent)) {
      const pid = new RegExp(`^${prefix}[a-z-]*?-(\\d+)-`).exec(name)?.[1];
      if (!pid || existsSync(`/proc/${pid}`)) continue;
      try {
        rmdirSync(join(parent, name));
        removed.push(join(parent, name));
      } catch {
        // Not empty (something still runs there), or not ours to remove: leave it.
      }
    }
  }
  return removed;
}

/**
 * A child cgroup named `<name>-<our pid>-<random>` with these limits. Needs root and a cgroup
 * filesystem with the cpu and memory controllers; otherwise CgroupUnavailableError says which.
 */
export function createPodCgroup(name: string, limits: PodCgroupLimits): PodCgroup {
  if (process.getuid?.() !== 0)
    throw new CgroupUnavailableError(
      `making a cgroup needs root (running as uid ${process.getuid?.()})`,
    );
  removeStaleCgroups();
  const layout = cgroupLayout();
  const leaf = `${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const made: { dir: string; parent: string }[] = [];
  const parents =
    layout.version === 'v2' ? [layout.cpuDir] : [...new Set([layout.cpuDir, layout.memoryDir])];
  const remove = () => {
    for (const m of made.splice(0).reverse()) emptyAndRemove(m.dir, m.parent);
    process.off('exit', remove);
  };
  process.once('exit', remove);
  try {
    if (layout.version === 'v2') {
      // Children get cpu.max and memory.max only when the parent hands the controllers down.
      const sub = read(join(layout.cpuDir, 'cgroup.subtree_control'));
      if (!/\bcpu\b/.test(sub) || !/\bmemory\b/.test(sub)) {
        try {
          writeFileSync(join(layout.cpuDir, 'cgroup.subtree_control'), '+cpu +memory');
        } catch (err) {
          throw new CgroupUnavailableError(
            `cannot enable cpu and memory for child cgroups of ${layout.cpuDir} (${(err as NodeJS.ErrnoException).code}: a cgroup v2 group with processes in it cannot have controlled children; run from a delegated cgroup, e.g. systemd-run --scope -p Delegate=yes)`,
          );
        }
      }
    }
    for (const parent of parents) {
      const dir = join(parent, leaf);
      mkdirSync(dir);
      made.push({ dir, parent });
    }
  } catch (err) {
    remove();
    if (err instanceof CgroupUnavailableError) throw err;
    throw new CgroupUnavailableError(
      `cannot make a cgroup under ${parents.join(' and ')}: ${(err as Error).message}`,
    );
  }
  const cpuDir = join(layout.cpuDir, leaf);
  const memDir = join(layout.memoryDir, leaf);
  const cg: PodCgroup = {
    version: layout.version,
    dirs: made.map((m) => m.dir),
    add(pid) {
      for (const d of cg.dirs) writeFileSync(join(d, 'cgroup.procs'), String(pid));
    },
    setCpu(cores) {
      if (layout.version === 'v2')
        writeFileSync(
          join(cpuDir, 'cpu.max'),
          cores === null ? `max ${CFS_PERIOD_US}` : `${quotaUs(cores)} ${CFS_PERIOD_US}`,
        );
      else {
        writeFileSync(join(cpuDir, 'cpu.cfs_period_us'), String(CFS_PERIOD_US));
        writeFileSync(
          join(cpuDir, 'cpu.cfs_quota_us'),
          cores === null ? '-1' : String(quotaUs(cores)),
        );
      }
    },
    oomKills() {
      const f = join(memDir, layout.version === 'v2' ? 'memory.events' : 'memory.oom_control');
      return existsSync(f) ? Number(/oom_kill (\d+)/.exec(read(f))?.[1] ?? 0) : 0;
    },
    remove,
  };
  try {
    cg.setCpu(limits.cpu);
    if (limits.cpuWeight !== undefined) {
      const w = Math.min(10_000, Math.max(1, Math.round(limits.cpuWeight)));
      if (layout.version === 'v2') writeFileSync(join(cpuDir, 'cpu.weight'), String(w));
      else writeFileSync(join(cpuDir, 'cpu.shares'), String(Math.round((w * 1024) / 100)));
    }
    if (limits.memoryBytes !== null) {
      const bytes = String(Math.floor(limits.memoryBytes));
      if (layout.version === 'v2') {
        writeFileSync(join(memDir, 'memory.max'), bytes);
        // A pod does not swap (the kubelet's default): the limit is RAM.
        writeIfExists(join(memDir, 'memory.swap.max'), '0');
      } else {
        writeFileSync(join(memDir, 'memory.limit_in_bytes'), bytes);
        try {
          writeIfExists(join(memDir, 'memory.memsw.limit_in_bytes'), bytes);
        } catch {
          // Swap accounting off: nothing to cap.
        }
      }
    }
  } catch (err) {
    remove();
    throw new CgroupUnavailableError(`cannot set the limits: ${(err as Error).message}`);
  }
  return cg;
}

/**
 * A process's CPU ceiling in cores: the smallest CPU quota on its cgroup's path (v2 cpu.max or
 * v1 cpu.cfs_quota_us), or the machine's cores when none is set. k6 in a container, or in a
 * starved group, saturates at its quota, not at the machine's cores.
 */
export function cpuCeiling(pid: number, cores: number): number {
  let ceiling = cores;
  try {
    const mounts = parseMountinfo(read('/proc/self/mountinfo'));
    for (const c of parseProcCgroup(read(`/proc/${pid}/cgroup`))) {
      const v2 = c.controllers.length === 0;
      const m = mounts.find((x) =>
        v2
          ? x.fstype === 'cgroup2'
          : x.fstype === 'cgroup' && c.controllers.includes('cpu') && x.options.includes('cpu'),
      );
      if (!m) continue;
      const parts = c.path.split('/').filter(Boolean);
      for (let i = parts.length; i >= 0; i--) {
        const dir = join(m.dir, ...parts.slice(0, i));
        const q = v2 ? quotaV2(dir) : quotaV1(dir);
        if (q !== null) ceiling = Math.min(ceiling, q);
      }
    }
  } catch {
    // The process exited, or no cgroup filesystem: no quota known.
  }
  return ceiling;
}

function quotaV2(dir: string): number | null {
  const f = join(dir, 'cpu.max');
  if (!existsSync(f)) return null;
  const [q, p] = read(f).trim().split(/\s+/);
  return q === 'max' || !p ? null : Number(q) / Number(p);
}

function quotaV1(dir: string): number | null {
  const f = join(dir, 'cpu.cfs_quota_us');
  if (!existsSync(f)) return null;
  const q = Number(read(f));
  return q > 0 ? q / Number(read(join(dir, 'cpu.cfs_period_us'))) : null;
}

/**
 * Starts a command inside the group from its first instruction (memory it allocates at start is
 * charged to the pod's limit): a shell writes its own PID into the group, then execs the command,
 * which keeps that PID. Returns the program and the arguments to put before the command.
 */
export function cgroupLauncher(cg: PodCgroup): { command: string; args: string[] } {
  const procs = cg.dirs.map((d) => join(d, 'cgroup.procs'));
  return {
    command: '/bin/sh',
    args: [
      '-c',
      `for f in ${procs.map((p) => `'${p.replace(/'/g, `'\\''`)}'`).join(' ')}; do echo $$ > "$f" || exit 97; done; exec "$@"`,
      'cgroup-launcher',
    ],
  };
}
