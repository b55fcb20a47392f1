/** What the cluster demo needs of this machine beyond root and the real node's programs. */
import { existsSync } from 'node:fs';

const CGROUP_ROOT = '/sys/fs/cgroup';

/**
 * The kubelet needs cgroup v2, or cgroup v1 with the cpu, memory and pids controllers mounted
 * (the real node's config runs on v1 too: real-node-config.ts).
 */
export function cgroupBlocker(root = CGROUP_ROOT): string | undefined {
  if (existsSync(`${root}/cgroup.controllers`)) return undefined;
  const missing = ['cpu', 'memory', 'pids'].filter((c) => !existsSync(`${root}/${c}`));
  return missing.length
    ? `no cgroup v2 at ${root} (no cgroup.controllers) and no cgroup v1 ${missing.join(', ')} controller(s): the kubelet cannot run pods here (a container without --cgroupns=host or a privileged mode?)`
    : undefined;
}
