/**
 * Where the control plane's binaries are (built by scripts/build-binaries.sh), and which are
 * missing, so callers can skip with a precise reason instead of failing half-way.
 */
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

export const CLUSTER_BINARIES = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kwok',
  'keda-operator',
  'keda-adapter',
  'kube-state-metrics',
] as const;
/** The real node's own binaries (startLocalCluster with node: 'real'); built only on request. */
export const REAL_NODE_BINARIES = ['kubelet', 'kube-proxy', 'pause'] as const;
export type ClusterBinary = (typeof CLUSTER_BINARIES)[number] | (typeof REAL_NODE_BINARIES)[number];

export const BUILD_BINARIES_COMMAND = 'npx nx run local-cluster:binaries';
export const BUILD_REAL_NODE_BINARIES_COMMAND =
  'LOCAL_CLUSTER_REAL_NODE=1 npx nx run local-cluster:binaries';

/**
 * Where a cluster finds its binaries and pinned versions. Apps and tests pass the workspace's
 * (WORKSPACE_CLUSTER from @loadlab/workspace): a library does not know where the workspace is.
 */
export interface ClusterPaths {
  /** The built binaries (the workspace's .tools/k8s/bin); $LOCAL_CLUSTER_BIN overrides it. */
  readonly binDir: string;
  /** The pinned versions (the workspace's tools/versions.env). */
  readonly versionsEnv: string;
}

/** binDir, or $LOCAL_CLUSTER_BIN (the build script honours it too). */
export const clusterBinDir = (binDir: string) => process.env.LOCAL_CLUSTER_BIN || binDir;

const executable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

export interface ClusterBinaries {
  /** Names of the binaries that are not (executable) in dir. */
  readonly missing: string[];
  readonly dir: string;
}

/** Which of names (by default the control plane's, with kwok, KEDA, kube-state-metrics) are missing. */
export function clusterBinaries(
  binDir: string,
  names: readonly ClusterBinary[] = CLUSTER_BINARIES,
): ClusterBinaries {
  const dir = clusterBinDir(binDir);
  return { dir, missing: names.filter((b) => !executable(join(dir, b))) };
}

export class MissingClusterBinariesError extends Error {}

/** The paths of the given binaries, or an error that names the missing ones and the fix. */
export function requireClusterBinaries<N extends ClusterBinary>(
  binDir: string,
  names: readonly N[],
): Record<N, string> {
  const dir = clusterBinDir(binDir);
  const missing = names.filter((b) => !executable(join(dir, b)));
  if (missing.length) {
    const command = missing.some((m) => (REAL_NODE_BINARIES as readonly string[]).includes(m))
      ? BUILD_REAL_NODE_BINARIES_COMMAND
      : BUILD_BINARIES_COMMAND;
    throw new MissingClusterBinariesError(
      `missing in ${dir}: ${missing.join(', ')}; build them with ${command} (Go; about 20 minutes the first time)`,
    );
  }
  return Object.fromEntries(names.map((n) => [n, join(dir, n)])) as Record<N, string>;
}
