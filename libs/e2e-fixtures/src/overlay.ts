/** Our kustomize overlays as kubectl renders them, parsed into the objects they would apply. */
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runSync } from '@loadlab/process-supervisor';
import { WORKSPACE_ROOT } from '@loadlab/workspace';

export const APP = 'crocodile-api';
export const OVERLAYS = {
  minikube: join(WORKSPACE_ROOT, 'libs/k8s-manifests/overlays/minikube'),
  localCluster: join(WORKSPACE_ROOT, 'libs/k8s-manifests/overlays/local-cluster'),
  /** The k6-operator TestRuns and their scripts ConfigMap. */
  load: join(WORKSPACE_ROOT, 'libs/k8s-manifests/load'),
} as const;

/** A rendered object: what kustomize prints, loosely typed (the CRD types are in k8s-manifests). */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [field: string]: any };
  [field: string]: any;
}

/** `kubectl kustomize <dir> [args]`, each document parsed (empty documents dropped). */
export function renderOverlay(dir: string = OVERLAYS.minikube, args: readonly string[] = []) {
  return parseAllDocuments(runSync('kubectl', ['kustomize', ...args, dir]).stdout)
    .map((d) => d.toJS() as K8sObject)
    .filter(Boolean);
}

/** The object of this kind and name, if rendered. */
export const findObject = (objects: readonly K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata?.name === name);

/** The objects of these kinds and this name. */
export const objectsNamed = (
  objects: readonly K8sObject[],
  name: string,
  kinds: readonly string[],
) => objects.filter((o) => o.metadata?.name === name && kinds.includes(o.kind));

/** Our app's objects of these kinds, the Deployment on the given image (copies: `objects` stays). */
export function appObjects(
  objects: readonly K8sObject[],
  kinds: readonly string[],
  ref: string,
): K8sObject[] {
  const mine = structuredClone(objectsNamed(objects, APP, kinds));
  for (const o of mine) {
    if (o.kind === 'Deployment') o.spec.template.spec.containers[0].image = ref;
  }
  return mine;
}

/** Objects as one List, for `kubectl apply -f -`. */
export const asList = (items: readonly object[]) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
