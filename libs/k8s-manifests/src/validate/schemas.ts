/** Schema validation: core kinds with kubernetes-models, CRDs with ajv against their openAPIV3Schema. */
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { ConfigMap, Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { ClusterRole, ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { K8sObject } from './render.ts';

const CORE: Record<string, new (o: any) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'apps/v1/Deployment': Deployment,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

const CRD_FILES = {
  'keda.sh/v1alpha1/ScaledObject': 'keda.sh_scaledobjects.v2.20.2.yaml',
  'k6.io/v1alpha1/TestRun': 'k6.io_testruns.v1.6.0.yaml',
} as const;
const CRD_DIR = fileURLToPath(new URL('../../crds/', import.meta.url));

function crdValidator(key: keyof typeof CRD_FILES) {
  const crd = parse(readFileSync(`${CRD_DIR}${CRD_FILES[key]}`, 'utf8'));
  const version = key.split('/')[1];
  const schema = crd.spec.versions.find((v: { name: string }) => v.name === version).schema
    .openAPIV3Schema;
  // Kubernetes' x-kubernetes-* extensions are not JSON Schema keywords.
  return new Ajv({ strict: false, allErrors: true }).compile(schema);
}
const crdValidators = Object.fromEntries(
  Object.keys(CRD_FILES).map((k) => [k, crdValidator(k as keyof typeof CRD_FILES)]),
);

/** Problems with one object, or [] when it validates; an unknown kind is a problem too. */
export function validateObject(o: K8sObject): string[] {
  const key = `${o.apiVersion}/${o.kind}`;
  const id = `${o.kind}/${o.metadata?.name}`;
  const Model = CORE[key];
  if (Model) {
    try {
      new Model(o).validate();
      return [];
    } catch (err) {
      return [`${id}: ${(err as Error).message}`];
    }
  }
  const crd = crdValidators[key];
  if (crd)
    return crd(o) ? [] : (crd.errors ?? []).map((e) => `${id}: ${e.instancePath} ${e.message}`);
  return [`${id}: no schema for ${key}`];
}
