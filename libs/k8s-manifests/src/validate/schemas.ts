/** Schema validation: core kinds with kubernetes-models, CRDs with ajv against their openAPIV3Schema. */
import { Ajv } from 'ajv';
import { ConfigMap, Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { ClusterRole, ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { crdSchema, type PlatformComponent } from '../platform-crds.ts';

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

/** Each custom kind loadlab renders, and the vendored platform bundle holding its CRD. */
const CRDS: Record<string, { component: PlatformComponent; crd: string }> = {
  'keda.sh/v1alpha1/ScaledObject': { component: 'keda', crd: 'scaledobjects.keda.sh' },
  'k6.io/v1alpha1/TestRun': { component: 'k6Operator', crd: 'testruns.k6.io' },
};

function crdValidator(key: string) {
  const { component, crd } = CRDS[key]!;
  const schema = crdSchema(component, crd, key.split('/')[1]!);
  // Kubernetes' x-kubernetes-* extensions are not JSON Schema keywords.
  return new Ajv({ strict: false, allErrors: true }).compile(schema);
}
const crdValidators = Object.fromEntries(Object.keys(CRDS).map((k) => [k, crdValidator(k)]));

/** Problems with one object, or [] when it validates; an unknown kind is a problem too. */
export function validateObject(o: {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string };
}): string[] {
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
