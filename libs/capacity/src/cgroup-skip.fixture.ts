/** Why a spec that needs a cgroup of its own cannot run here (not root, no cgroup fs), or undefined. */
import { CgroupUnavailableError, createPodCgroup } from './cgroup.ts';

export function cgroupSkip(): string | undefined {
  try {
    createPodCgroup('loadlab-probe', { cpu: 0.5, memoryBytes: null }).remove();
    return undefined;
  } catch (err) {
    if (!(err instanceof CgroupUnavailableError)) throw err;
    const why = `needs a cgroup of its own: ${err.message}`;
    console.log(`# SKIP ${why}`);
    return why;
  }
}
