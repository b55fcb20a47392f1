/**
 * Where the control plane's binaries are (built by scripts/build-binaries.sh), and which are
 * missing, so callers can skip with a precise reason instead of failing half-way.
 */
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { workspacePath } from '@loadlab/workspace';

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
export type ClusterBinary = (typeof CLUSTER_BINARIES)[number];

export const BUILD_BINARIES_COMMAND = 'npx nx run local-cluster:binaries';

/** .tools/k8s/bin, or $LOCAL_CLUSTER_BIN (the build script honours it too). */
export const clusterBinDir = () => process.env.LOCAL_CLUSTER_BIN || workspacePath('.tools/k8s/bin');

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

export function clusterBinaries(): ClusterBinaries {
  const dir = clusterBinDir();
  return { dir, missing: CLUSTER_BINARIES.filter((b) => !executable(join(dir, b))) };
}

export class MissingClusterBinariesError extends Error {}

/** The paths of the given binaries, or an error that names the missing ones and the fix. */
export function requireClusterBinaries<N extends ClusterBinary>(
  names: readonly N[],
): Record<N, string> {
  const dir = clusterBinDir();
  const missing = names.filter((b) => !executable(join(dir, b)));
  if (missing.length) {
    throw new MissingClusterBinariesError(
      `missing in ${dir}: ${missing.join(', ')}; build them with ${BUILD_BINARIES_COMMAND} (Go; about 20 minutes the first time)`,
    );
  }
  return Object.fromEntries(names.map((n) => [n, join(dir, n)])) as Record<N, string>;
}
