/** The pinned versions of the cluster's components, read from tools/versions.env. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The pinned versions are the workspace's (tools/versions.env), shared with the setup scripts.
import { workspacePath } from '@loadlab/workspace';

export interface ClusterVersions {
  readonly kubernetes: string;
  readonly etcd: string;
  readonly kwok: string;
  readonly keda: string;
  readonly kubeStateMetrics: string;
}

let cached: ClusterVersions | undefined;

export function clusterVersions(): ClusterVersions {
  if (cached) return cached;
  const env = Object.fromEntries(
    readFileSync(workspacePath('tools/versions.env'), 'utf8')
      .split('\n')
      .map((l) => /^([A-Z0-9_]+)=(.*)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
  const need = (key: string) => {
    const v = env[key];
    if (!v) throw new Error(`tools/versions.env has no ${key}`);
    return v;
  };
  cached = {
    kubernetes: need('K8S_VERSION'),
    etcd: need('ETCD_VERSION'),
    kwok: need('KWOK_VERSION'),
    keda: need('KEDA_VERSION'),
    kubeStateMetrics: need('KUBE_STATE_METRICS_VERSION'),
  };
  return cached;
}

/** Files copied from the pinned upstream modules, committed next to src/. */
export const LIB_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const kedaCrdDir = () => join(LIB_ROOT, 'crds', `keda-${clusterVersions().keda}`);
export const kwokStageDir = () => join(LIB_ROOT, 'kwok', `stages-${clusterVersions().kwok}`);
