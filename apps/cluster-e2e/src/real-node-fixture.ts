/**
 * What the real-pod e2es share: why they skip here, our app's objects from the minikube overlay,
 * the host Prometheus config (now in local-cluster, for ./loadlab demo --cluster too), and a bounded
 * request loop on fresh connections (so kube-proxy picks a pod for each request).
 */
import { existsSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseAllDocuments } from 'yaml';
import {
  clusterBinaries,
  realNodeBlocker,
  REAL_NODE_BINARIES,
  REAL_NODE_PROGRAMS,
  type ClusterBinary,
} from '@loadlab/local-cluster';

export { hostPrometheusConfig } from '@loadlab/local-cluster';
import { runSync } from '@loadlab/process-supervisor';
import { WORKSPACE_CLUSTER, WORKSPACE_ROOT } from '@loadlab/workspace';

export const APP = 'crocodile-api';
export const OVERLAY = join(WORKSPACE_ROOT, 'libs/k8s-manifests/overlays/minikube');
const IMAGE_RECORD = join(WORKSPACE_ROOT, 'dist/images/crocodile-api.json');
export const image = existsSync(IMAGE_RECORD)
  ? (JSON.parse(readFileSync(IMAGE_RECORD, 'utf8')) as { local?: string }).local
  : undefined;

/** Debian's Prometheus is built without Kubernetes service discovery (its version says +ds). */
function prometheusWithoutK8sSd(): string | undefined {
  let version = '';
  try {
    version = runSync('prometheus', ['--version']).stdout;
  } catch {
    return 'no prometheus on PATH';
  }
  return /\+ds\b/.test(version)
    ? `the prometheus on PATH is Debian's (${version.split('\n')[0]}), built without kubernetes_sd_configs: run bash tools/setup/ensure-prometheus-k8s.sh`
    : undefined;
}

/** Why a real-pod e2e cannot run on this machine, or undefined. */
export function realPodsSkip(extra: readonly ClusterBinary[] = []): string | undefined {
  const { missing, dir } = clusterBinaries(WORKSPACE_CLUSTER.binDir, [
    'etcd',
    'kube-apiserver',
    'kube-controller-manager',
    'kube-scheduler',
    ...REAL_NODE_BINARIES,
    ...extra,
  ]);
  return (
    realNodeBlocker(REAL_NODE_PROGRAMS) ??
    prometheusWithoutK8sSd() ??
    (missing.length ? `binaries missing in ${dir}: ${missing.join(', ')}` : undefined) ??
    (image ? undefined : `no image in ${IMAGE_RECORD}: run npx nx run crocodile-api:docker-build`)
  );
}

export interface K8sObject {
  kind: string;
  metadata: { name: string };
  spec: Record<string, any>;
}

/** The rendered objects of these kinds and this name. */
export function objectsNamed(
  rendered: string,
  name: string,
  kinds: readonly string[],
): K8sObject[] {
  return parseAllDocuments(rendered)
    .map((d) => d.toJS() as K8sObject)
    .filter((o) => o?.metadata?.name === name && kinds.includes(o.kind));
}

/** Our app's objects of these kinds from rendered manifests, the Deployment on the local image. */
export function appObjects(rendered: string, kinds: readonly string[], ref: string): K8sObject[] {
  const mine = objectsNamed(rendered, APP, kinds);
  for (const o of mine) {
    if (o.kind === 'Deployment') o.spec.template.spec.containers[0].image = ref;
  }
  return mine;
}

export const renderOverlay = () => runSync('kubectl', ['kustomize', OVERLAY]).stdout;

/** Whether podman holds this image (`podman image exists` exits 1 for "no"; no podman is a no). */
export function podmanHasImage(ref: string): boolean {
  try {
    return runSync('podman', ['image', 'exists', ref], { okExitCodes: [0, 1] }).exitCode === 0;
  } catch {
    return false;
  }
}

export const asList = (items: readonly object[]) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'List', items });

/** One request on a fresh connection (so kube-proxy picks a pod for each). */
export function request(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

/** Request loops until stop() or maxMs; pauseMs between a loop's requests caps its rate. */
export class Load {
  ok = 0;
  readonly failures: string[] = [];
  #stop = false;
  #loops: Promise<void>[] = [];

  start(url: string, concurrency: number, maxMs: number, pauseMs = 0): void {
    const deadline = Date.now() + maxMs;
    for (let i = 0; i < concurrency; i++) {
      this.#loops.push(
        (async () => {
          while (!this.#stop && Date.now() < deadline) {
            try {
              const status = await request(url);
              if (status === 200) this.ok++;
              else this.failures.push(`HTTP ${status}`);
            } catch (err) {
              this.failures.push((err as Error).message);
            }
            if (pauseMs) await sleep(pauseMs);
          }
        })(),
      );
    }
  }

  async stop(): Promise<void> {
    this.#stop = true;
    await Promise.all(this.#loops);
  }
}
