/** The pinned versions of the cluster's components, read from tools/versions.env. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ClusterVersions {
  readonly kubernetes: string;
  readonly etcd: string;
  readonly kwok: string;
  readonly keda: string;
  readonly k6Operator: string;
  readonly kubeStateMetrics: string;
  readonly coredns: string;
}

const cache = new Map<string, ClusterVersions>();

/**
 * The pins in versionsEnv: the workspace's tools/versions.env (shared with the setup scripts),
 * which apps and tests pass (VERSIONS_ENV from @loadlab/workspace).
 */
export function clusterVersions(versionsEnv: string): ClusterVersions {
  const cached = cache.get(versionsEnv);
  if (cached) return cached;
  const env = Object.fromEntries(
    readFileSync(versionsEnv, 'utf8')
      .split('\n')
      .map((l) => /^([A-Z0-9_]+)=(.*)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
  const need = (key: string) => {
    const v = env[key];
    if (!v) throw new Error(`${versionsEnv} has no ${key}`);
    return v;
  };
  const versions: ClusterVersions = {
    kubernetes: need('K8S_VERSION'),
    etcd: need('ETCD_VERSION'),
    kwok: need('KWOK_VERSION'),
    keda: need('KEDA_VERSION'),
    k6Operator: need('K6_OPERATOR_VERSION'),
    kubeStateMetrics: need('KUBE_STATE_METRICS_VERSION'),
    coredns: need('COREDNS_VERSION'),
  };
  cache.set(versionsEnv, versions);
  return versions;
}

/** Files copied from the pinned upstream modules, committed next to src/. */
export const LIB_ROOT = fileURLToPath(new URL('../', import.meta.url));
/**
 * KEDA's vendored release bundle, libs/k8s-manifests/platform/keda-<version>.yaml (what
 * `kube.sh platform --vendored` applies): the one copy of its CRDs, which the local cluster installs.
 */
export const kedaBundle = (v: Pick<ClusterVersions, 'keda'>) =>
  join(LIB_ROOT, '../k8s-manifests/platform', `keda-${v.keda}.yaml`);
/** k6-operator's vendored release bundle (CRDs and RBAC), libs/k8s-manifests/platform/k6-operator-<version>.yaml. */
export const k6OperatorBundle = (v: Pick<ClusterVersions, 'k6Operator'>) =>
  join(LIB_ROOT, '../k8s-manifests/platform', `k6-operator-${v.k6Operator}.yaml`);
export const kwokStageDir = (v: Pick<ClusterVersions, 'kwok'>) =>
  join(LIB_ROOT, 'kwok', `stages-${v.kwok}`);
