/**
 * What a real node changes on the machine, and how each change is undone: the node's bridge,
 * IP forwarding, bridge netfilter, one real node at a time (a lock file), and the sweep after
 * containerd stops (its shims, the mounts and network namespaces under the node's folder).
 * Each step is bounded and says what it ran when it fails.
 */
import { accessSync, constants, readFileSync, readdirSync, readlinkSync, rmdirSync } from 'node:fs';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { run } from '@loadlab/process-supervisor';

/** Runs a program, bounded; resolves with stdout, throws a RunError (command, exit, stderr). */
export async function host(bin: string, args: readonly string[], timeoutMs = 30_000) {
  return (await run(bin, args, { timeoutMs })).stdout;
}

export class RealNodeUnavailableError extends Error {}

/** Why a real node cannot run here, or undefined: root, cgroups, the programs from apt. */
export function realNodeBlocker(programs: readonly string[]): string | undefined {
  if (process.getuid?.() !== 0) return 'a real node needs root (containerd, cgroups, bridges)';
  try {
    readFileSync('/proc/sys/net/bridge/bridge-nf-call-iptables');
  } catch {
    return 'no /proc/sys/net/bridge: the kernel has no br_netfilter (modprobe br_netfilter)';
  }
  const path = (process.env.PATH ?? '').split(':').filter(Boolean);
  const missing = programs.filter((p) => !path.some((d) => canRun(`${d}/${p}`)));
  if (missing.length) {
    return `${missing.join(', ')} not on PATH; install them: apt-get install -y containerd runc containernetworking-plugins iptables conntrack`;
  }
  return undefined;
}

const canRun = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const sysctlPath = (key: string) => `/proc/sys/${key.replaceAll('.', '/')}`;

/** Sets a sysctl and returns a function that puts the old value back. */
export async function setSysctl(key: string, value: string): Promise<() => Promise<void>> {
  const old = (await readFile(sysctlPath(key), 'utf8')).trim();
  if (old === value) return async () => undefined;
  await writeFile(sysctlPath(key), value);
  return async () => void (await writeFile(sysctlPath(key), old).catch(() => undefined));
}

/** The node's bridge, up, with the node IP: the kubelet binds it before any pod exists. */
export async function createBridge(name: string, cidrAddress: string): Promise<void> {
  await host('ip', ['link', 'add', name, 'type', 'bridge']).catch(async (err: Error) => {
    if (!/File exists/.test(err.message)) throw err;
    throw new RealNodeUnavailableError(
      `the bridge ${name} exists already: another real node runs, or one was not cleaned up (ip link delete ${name})`,
    );
  });
  await host('ip', ['addr', 'add', cidrAddress, 'dev', name]);
  await host('ip', ['link', 'set', name, 'up']);
}

export async function deleteBridge(name: string): Promise<void> {
  await host('ip', ['link', 'delete', name]).catch(() => undefined);
}

/**
 * Routes the Service CIDR to the node's bridge. A route that exists already is the machine's
 * (ours goes with the bridge): refused, never replaced, so teardown cannot delete it.
 */
export async function addServiceRoute(cidr: string, bridge: string): Promise<void> {
  await host('ip', ['route', 'add', cidr, 'dev', bridge]).catch((err: Error) => {
    if (!/File exists/.test(err.message)) throw err;
    throw new RealNodeUnavailableError(
      `a route for the Service CIDR ${cidr} exists already (ip route show ${cidr}); the real node routes it to ${bridge}: remove that route or run on a machine without it`,
    );
  });
}

/** Our route for the Service CIDR, if any is left: `ip route show` prints nothing otherwise. */
export async function serviceRoute(cidr: string): Promise<string> {
  return (await host('ip', ['route', 'show', 'exact', cidr]).catch(() => '')).trim();
}

/**
 * One real node per machine (the bridge, the pod subnet and kube-proxy's iptables chains are
 * host-wide). The lock holds our PID; a lock left by a dead process is taken over.
 */
export async function lockRealNode(file: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(file, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      return async () => void (await rm(file, { force: true }));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (pid > 0 && alive(pid)) {
        throw new RealNodeUnavailableError(
          `another real node runs on this machine (process ${pid}, ${file}); one at a time`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new RealNodeUnavailableError(`cannot take the lock ${file}`);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The containerd shims serving our containerd (its socket is in their command line). containerd
 * starts them detached, so they outlive it; we stop them by PID after containerd has stopped.
 */
export function shimsOf(socket: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const exe = readlinkSync(`/proc/${entry}/exe`);
      if (!/containerd-shim/.test(exe)) continue;
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.includes(socket)) pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

/** Mount points under dir, deepest first (pod volumes, rootfs, netns, shm). */
export function mountsUnder(dir: string): string[] {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((m): m is string => !!m && m.startsWith(prefix))
    .sort((a, b) => b.length - a.length);
}

/** Unmounts everything under dir (lazily: a busy mount is detached, not left behind). */
export async function unmountUnder(dir: string): Promise<string[]> {
  const left: string[] = [];
  for (const m of mountsUnder(dir)) {
    await host('umount', ['-l', m]).catch(() => left.push(m));
  }
  return left;
}

/**
 * Removes every KUBE-* chain, and the rules that jump to them, from the filter, nat and mangle
 * tables (IPv4 and IPv6). kube-proxy --cleanup leaves the kubelet's own chains (KUBE-FIREWALL,
 * the canaries); with one real node per machine, every KUBE-* chain here is ours.
 */
export async function removeKubeChains(): Promise<void> {
  for (const bin of ['iptables', 'ip6tables']) {
    for (const table of ['filter', 'nat', 'mangle']) {
      const rules = await host(bin, ['-w', '5', '-t', table, '-S']).catch(() => '');
      const lines = rules.split('\n');
      for (const l of lines) {
        const m = /^-A (\S+) (.*-j KUBE-\S+.*)$/.exec(l);
        if (m && !m[1]!.startsWith('KUBE-')) {
          await host(bin, ['-w', '5', '-t', table, '-D', m[1]!, ...ruleArgs(m[2]!)]).catch(
            () => undefined,
          );
        }
      }
      const chains = lines
        .map((l) => /^-N (KUBE-\S+)$/.exec(l)?.[1])
        .filter((c) => c !== undefined);
      for (const c of chains)
        await host(bin, ['-w', '5', '-t', table, '-F', c]).catch(() => undefined);
      for (const c of chains)
        await host(bin, ['-w', '5', '-t', table, '-X', c]).catch(() => undefined);
    }
  }
}

/** iptables -S quotes arguments with spaces (comments): split like a shell would. */
export const ruleArgs = (rule: string): string[] =>
  [...rule.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map(
    (m) => m[1]?.replace(/\\(.)/g, '$1') ?? m[2]!,
  );

/**
 * Removes the CNI bridge plugin's masquerade rules of one network (their comment names it) from
 * the nat table: normally CNI DEL removes each pod's, this catches a teardown cut short.
 */
export async function removeCniRules(network: string): Promise<void> {
  const rules = await host('iptables', ['-w', '5', '-t', 'nat', '-S']).catch(() => '');
  const chains = new Set<string>();
  for (const l of rules.split('\n')) {
    if (!l.includes(`name: \\"${network}\\"`)) continue;
    const own = /^-A (CNI-\S+) /.exec(l);
    if (own) chains.add(own[1]!); // a chain whose jump is gone already
    const m = /^-A POSTROUTING (.*-j (CNI-\S+).*)$/.exec(l);
    if (!m) continue;
    chains.add(m[2]!);
    await host('iptables', ['-w', '5', '-t', 'nat', '-D', 'POSTROUTING', ...ruleArgs(m[1]!)]).catch(
      () => undefined,
    );
  }
  for (const c of chains) {
    await host('iptables', ['-w', '5', '-t', 'nat', '-F', c]).catch(() => undefined);
    await host('iptables', ['-w', '5', '-t', 'nat', '-X', c]).catch(() => undefined);
  }
}

/**
 * Removes the kubelet's cgroup tree (kubepods, in every cgroup v1 controller and the unified
 * hierarchy) once nothing runs in it: rmdir, deepest first; a cgroup still in use stays.
 */
export function removeCgroupTree(name: string, root = '/sys/fs/cgroup'): void {
  const dirs: string[] = [];
  const walk = (dir: string) => {
    dirs.push(dir);
    for (const e of readdirSync(dir, { withFileTypes: true }))
      if (e.isDirectory()) walk(`${dir}/${e.name}`);
  };
  for (const controller of readdirSync(root)) {
    try {
      walk(`${root}/${controller}/${name}`);
    } catch {
      // this controller has no such cgroup
    }
  }
  for (const d of dirs.sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(d);
    } catch {
      // in use, or gone
    }
  }
}
