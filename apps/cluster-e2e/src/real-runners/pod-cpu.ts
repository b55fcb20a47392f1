/**
 * The CPU each pod used, read from the kubelet's pod cgroups on this machine (cgroupfs driver).
 *
 * cAdvisor cannot give it for a runner: its container exits within one scrape of its busiest
 * seconds. The pod cgroup outlives its containers until the kubelet's housekeeping removes it
 * (every 2 s at the earliest), and the kernel charges a parent for its children's CPU in both
 * cgroup versions, so the last reading of the pod cgroup holds every CPU second of every process
 * the pod ran, including containers that have exited. Files are read every 100 ms; pods are
 * listed once a second (a kubectl call each).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalCluster } from '@loadlab/local-cluster';

const CGROUP_ROOT = '/sys/fs/cgroup';
const QOS_DIR = { Guaranteed: '', Burstable: 'burstable', BestEffort: 'besteffort' } as const;

interface PodRef {
  readonly name: string;
  readonly uid: string;
  readonly qosClass: keyof typeof QOS_DIR;
}

/** CPU seconds charged to a pod's cgroup, or undefined once the cgroup is gone (or never was). */
export function podCgroupCpuSeconds(pod: PodRef, root = CGROUP_ROOT): number | undefined {
  const dir = join('kubepods', QOS_DIR[pod.qosClass], `pod${pod.uid}`);
  const v2 = readIfThere(join(root, dir, 'cpu.stat'));
  // cgroup v2: one hierarchy, usage_usec in cpu.stat; v1: the cpuacct controller, nanoseconds.
  if (v2 !== undefined) return Number(/^usage_usec (\d+)$/m.exec(v2)?.[1] ?? NaN) / 1e6;
  const v1 = readIfThere(join(root, 'cpuacct', dir, 'cpuacct.usage'));
  return v1 === undefined ? undefined : Number(v1) / 1e9;
}

/** A cgroup file's text, or undefined when its cgroup is gone (removed between two reads). */
function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export class PodCpuSampler {
  readonly #kubectl: LocalCluster['kubectl'];
  readonly #args: readonly string[];
  readonly #pods = new Map<string, PodRef>();
  readonly #seconds = new Map<string, number>();
  #timers: NodeJS.Timeout[] = [];
  #listing: Promise<void> = Promise.resolve();

  /** Pods of `namespace` matching the label `selector`. */
  constructor(kubectl: LocalCluster['kubectl'], namespace: string, selector: string) {
    this.#kubectl = kubectl;
    this.#args = ['-n', namespace, 'get', 'pods', '-l', selector, '-o', 'json'];
  }

  start(): void {
    this.#timers = [
      setInterval(() => this.#read(), 100),
      setInterval(() => (this.#listing = this.#list()), 1000),
    ];
    this.#listing = this.#list();
  }

  /** The last reading of each pod seen, in seconds; a pod seen but never read is left out. */
  async stop(): Promise<Map<string, number>> {
    await this.#listing;
    this.#read();
    for (const t of this.#timers) clearInterval(t);
    return new Map(this.#seconds);
  }

  /** Pods whose cgroup was listed but never read: their CPU is unknown, not zero. */
  unread(): string[] {
    return [...this.#pods.keys()].filter((name) => !this.#seconds.has(name));
  }

  async #list(): Promise<void> {
    // A failed listing is retried by the next; a pod never listed shows as missing in stop().
    const out = await this.#kubectl([...this.#args]).catch(() => '{"items":[]}');
    const { items } = JSON.parse(out) as {
      items: {
        metadata: { name: string; uid: string };
        status: { qosClass?: PodRef['qosClass'] };
      }[];
    };
    for (const p of items)
      if (p.status.qosClass && !this.#pods.has(p.metadata.name))
        this.#pods.set(p.metadata.name, { ...p.metadata, qosClass: p.status.qosClass });
    this.#read();
  }

  #read(): void {
    for (const pod of this.#pods.values()) {
      const s = podCgroupCpuSeconds(pod);
      // A counter: the highest reading is the latest (a gone cgroup reads undefined).
      if (s !== undefined && s >= (this.#seconds.get(pod.name) ?? 0))
        this.#seconds.set(pod.name, s);
    }
  }
}
