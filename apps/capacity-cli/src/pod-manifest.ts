/**
 * The pod the capacity run imitates: crocodile-api's Deployment as kustomize renders it
 * (`kubectl kustomize libs/k8s-manifests/overlays/<overlay>`), or a manifest the user rendered
 * (or got with `kubectl get deployment -o yaml`). Its CPU and memory requests and limits are read
 * from there, never restated here.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { podResources, type PodResources } from '@loadlab/capacity';
import { findBinary, run, RunError } from '@loadlab/process-supervisor';
import { WORKSPACE_ROOT } from '@loadlab/workspace';

/** The Deployment libs/k8s-manifests renders for the API (its src/constants.ts names it). */
export const API_DEPLOYMENT = 'crocodile-api';
export const OVERLAYS = ['minikube', 'aks'] as const;
export type Overlay = (typeof OVERLAYS)[number];

export class PodManifestError extends Error {}

export interface PodSpec extends PodResources {
  /** Where the figures come from: the kustomize command, or the file. */
  readonly source: string;
}

export async function loadPodSpec(o: { manifest?: string; overlay: Overlay }): Promise<PodSpec> {
  let text: string;
  let source: string;
  if (o.manifest) {
    source = o.manifest;
    text = await readFile(o.manifest, 'utf8').catch((err: Error) => {
      throw new PodManifestError(`--manifest=${o.manifest}: ${err.message}`);
    });
  } else {
    const dir = join(WORKSPACE_ROOT, 'libs/k8s-manifests/overlays', o.overlay);
    source = `kubectl kustomize libs/k8s-manifests/overlays/${o.overlay}`;
    if (!findBinary('kubectl'))
      throw new PodManifestError(
        'kubectl not found on PATH, needed to render the manifests (kubectl kustomize): run . tools/setup/ensure-kubectl.sh, or pass --manifest=<rendered YAML>',
      );
    text = (
      await run('kubectl', ['kustomize', dir], { timeoutMs: 60_000 }).catch((err: Error) => {
        const why = err instanceof RunError ? err.tail || err.reason : err.message;
        throw new PodManifestError(`${source} failed: ${why.trim().split('\n').at(-1)}`);
      })
    ).stdout;
  }
  try {
    return { ...podResources(text, API_DEPLOYMENT), source };
  } catch (err) {
    throw new PodManifestError(`${source}: ${(err as Error).message}`);
  }
}
