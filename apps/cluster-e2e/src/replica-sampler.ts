/** Reads the Deployments' replica counts from the API server, to log progress and keep a timeline. */
import type { LocalCluster } from '@loadlab/local-cluster';

export interface ReplicaSample {
  readonly t: number;
  readonly name: string;
  /** spec.replicas: what the HPA asked for. */
  readonly replicas: number;
  readonly ready: number;
}

export class ReplicaSampler {
  readonly timeline: ReplicaSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly t0 = Date.now();
  private readonly cluster: LocalCluster;
  private readonly namespace: string;
  private readonly names: readonly string[];
  private readonly log: (line: string) => void;

  constructor(
    cluster: LocalCluster,
    namespace: string,
    names: readonly string[],
    log: (line: string) => void,
  ) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.names = names;
    this.log = log;
  }

  async sample(): Promise<ReplicaSample[]> {
    const out = await this.cluster.kubectl([
      '-n',
      this.namespace,
      'get',
      'deployments',
      '-o',
      'json',
    ]);
    const items = (
      JSON.parse(out) as {
        items: {
          metadata: { name: string };
          spec: { replicas?: number };
          status: { readyReplicas?: number };
        }[];
      }
    ).items;
    const t = Math.round((Date.now() - this.t0) / 1000);
    return this.names.map((name) => {
      const d = items.find((i) => i.metadata.name === name);
      return { t, name, replicas: d?.spec.replicas ?? 0, ready: d?.status.readyReplicas ?? 0 };
    });
  }

  /** Samples every intervalMs, logging only changes. */
  start(intervalMs: number): void {
    let last = '';
    this.timer = setInterval(() => {
      this.sample()
        .then((s) => {
          this.timeline.push(...s);
          const line = s.map((r) => `${r.name} ${r.ready}/${r.replicas}`).join(', ');
          if (line !== last) this.log(`  t+${s[0]!.t}s ready/wanted: ${line}`);
          last = line;
        })
        .catch(() => undefined);
    }, intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
  }
}
