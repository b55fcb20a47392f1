/**
 * What a stopped local cluster with a real node may have left on the machine, each named: a
 * process, a containerd shim, a mount or network namespace under its folder, the bridge, a
 * route for the Service CIDR, a kube-proxy or CNI iptables rule, the kubelet's cgroup tree, the one-node lock. Empty: nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_CIDR } from './control-plane.ts';
import { alive, host, mountsUnder, serviceRoute, shimsOf } from './node-host.ts';
import { NODE_BRIDGE, realNodePaths } from './real-node-config.ts';
import { REAL_NODE_LOCK } from './real-node.ts';

const CGROUP_ROOT = '/sys/fs/cgroup';

export async function realNodeLeftovers(
  workDir: string,
  pids: readonly { name: string; pid: number }[],
): Promise<string[]> {
  const left: string[] = [];
  for (const p of pids) if (alive(p.pid)) left.push(`process ${p.name} (PID ${p.pid})`);
  const socket = realNodePaths(join(workDir, 'node')).containerdSocket;
  for (const pid of shimsOf(socket)) left.push(`containerd shim (PID ${pid})`);
  for (const m of mountsUnder(workDir)) left.push(`mount ${m}`);
  const links = await host('ip', ['-o', 'link', 'show']).catch(() => '');
  if (links.includes(` ${NODE_BRIDGE}:`)) left.push(`bridge ${NODE_BRIDGE}`);
  const route = await serviceRoute(SERVICE_CIDR);
  if (route) left.push(`route ${route}`);
  const nat = await host('iptables', ['-t', 'nat', '-S']).catch(() => '');
  for (const rule of nat.split('\n').filter((l) => /KUBE-|CNI-/.test(l))) {
    left.push(`iptables nat rule: ${rule}`);
  }
  const filter = await host('iptables', ['-S']).catch(() => '');
  for (const rule of filter.split('\n').filter((l) => /KUBE-|CNI-/.test(l))) {
    left.push(`iptables filter rule: ${rule}`);
  }
  // cgroup v2 has one hierarchy, v1 one per controller: kubepods in any of them is ours.
  for (const dir of [CGROUP_ROOT, ...readdirSync(CGROUP_ROOT).map((c) => join(CGROUP_ROOT, c))]) {
    if (existsSync(join(dir, 'kubepods'))) left.push(`cgroup ${join(dir, 'kubepods')}`);
  }
  // The lock of another run that started since is not ours to report.
  const holder = existsSync(REAL_NODE_LOCK) ? readFileSync(REAL_NODE_LOCK, 'utf8').trim() : '';
  if (holder === String(process.pid)) left.push(`lock ${REAL_NODE_LOCK}`);
  if (existsSync(workDir)) left.push(`folder ${workDir}`);
  return left;
}
