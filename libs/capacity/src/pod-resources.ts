/**
 * What a Deployment's pod gets: the container's CPU and memory requests and limits, read from a
 * rendered manifest (kustomize's YAML, or `kubectl get -o json`). The capacity search runs the API
 * under these, so the figure is the pod's, not an unconstrained process's.
 */
import { parseAllDocuments } from 'yaml';

export interface PodResources {
  readonly deployment: string;
  readonly container: string;
  /** Cores (250m = 0.25); null when the manifest sets none. */
  readonly cpuRequest: number | null;
  readonly cpuLimit: number | null;
  /** Bytes; null when the manifest sets none. */
  readonly memoryRequest: number | null;
  readonly memoryLimit: number | null;
}

export class PodResourcesError extends Error {}

const SUFFIX: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity ("250m", "1", "0.5", "128Mi", "1e3") as a plain number. */
export function parseQuantity(q: unknown): number {
  const s = typeof q === 'number' ? String(q) : q;
  const m =
    typeof s === 'string'
      ? /^([+]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(s)
      : null;
  const unit = m ? SUFFIX[m[2]!] : undefined;
  if (!m || unit === undefined)
    throw new PodResourcesError(
      `not a Kubernetes quantity: ${JSON.stringify(q)} (like 250m, 1, 128Mi)`,
    );
  return Number(m[1]) * unit;
}

/** Every object of a YAML stream or a JSON List. */
function objects(text: string): Record<string, any>[] {
  const docs = parseAllDocuments(text);
  const out: Record<string, any>[] = [];
  for (const d of docs) {
    if (d.errors.length) throw new PodResourcesError(`not YAML: ${d.errors[0]!.message}`);
    const v = d.toJS({ maxAliasCount: 1000 });
    if (v && typeof v === 'object')
      out.push(...(v.kind === 'List' && Array.isArray(v.items) ? v.items : [v]));
  }
  return out;
}

/** The named Deployment's container (its first, or the one named) and what it requests and is limited to. */
export function podResources(text: string, deployment: string, container?: string): PodResources {
  const d = objects(text).find((o) => o?.kind === 'Deployment' && o?.metadata?.name === deployment);
  if (!d) throw new PodResourcesError(`no Deployment named ${deployment} in the manifest`);
  const containers: any[] = d.spec?.template?.spec?.containers ?? [];
  const c = container ? containers.find((x) => x?.name === container) : containers[0];
  if (!c)
    throw new PodResourcesError(
      `Deployment ${deployment} has no container${container ? ` named ${container}` : ''}`,
    );
  const r = c.resources ?? {};
  const q = (v: unknown) => (v === undefined || v === null ? null : parseQuantity(v));
  return {
    deployment,
    container: String(c.name),
    cpuRequest: q(r.requests?.cpu),
    cpuLimit: q(r.limits?.cpu),
    memoryRequest: q(r.requests?.memory),
    memoryLimit: q(r.limits?.memory),
  };
}

/** "0.25 CPU (250m)", "256 MiB". */
export const formatCpu = (cores: number) =>
  `${+cores.toFixed(3)} CPU (${Math.round(cores * 1000)}m)`;
export const formatMemory = (bytes: number) => `${+(bytes / 2 ** 20).toFixed(1)} MiB`;
