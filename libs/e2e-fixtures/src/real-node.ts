/**
 * Why a real-node e2e cannot run on this machine: root and the programs from apt, the cluster's
 * binaries, the built image and (for the pods Prometheus scrapes) a Prometheus with Kubernetes
 * service discovery.
 *
 * The checks that belong to local-cluster come in as an argument (callers pass
 * `@loadlab/local-cluster`, or its own modules from inside it): local-cluster's own e2e uses this
 * fixture, so an import of local-cluster here would make a cycle in the Nx graph.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { runSync } from '@loadlab/process-supervisor';
import { WORKSPACE_CLUSTER } from '@loadlab/workspace';
import { builtImage, NO_IMAGE } from './built-image.ts';

/** What the skip reads from local-cluster (method syntax: its binary names are a narrower type). */
export interface LocalClusterChecks {
  realNodeBlocker(programs: readonly string[]): string | undefined;
  clusterBinaries(
    binDir: string,
    names: readonly any[],
  ): { missing: readonly string[]; dir: string };
  readonly REAL_NODE_PROGRAMS: readonly string[];
  readonly REAL_NODE_BINARIES: readonly string[];
  readonly BUILD_REAL_NODE_BINARIES_COMMAND: string;
  /** Why the host Prometheus cannot discover pods (Debian's is built without it), or undefined. */
  prometheusK8sSdBlocker(): string | undefined;
}

export interface RealNodeNeeds {
  /** Cluster binaries beyond the control plane's and the node's (KEDA, kube-state-metrics...). */
  readonly binaries?: readonly string[];
  /** The e2e starts a host Prometheus that discovers pods (kubernetes_sd_configs). */
  readonly prometheus?: boolean;
}

/** Why a real-node e2e with these needs cannot run here, or undefined: the first blocker found. */
export function realNodeSkip(
  cluster: LocalClusterChecks,
  needs: RealNodeNeeds = {},
): string | undefined {
  const { missing, dir } = cluster.clusterBinaries(WORKSPACE_CLUSTER.binDir, [
    'etcd',
    'kube-apiserver',
    'kube-controller-manager',
    'kube-scheduler',
    ...cluster.REAL_NODE_BINARIES,
    ...(needs.binaries ?? []),
  ]);
  return (
    cluster.realNodeBlocker(cluster.REAL_NODE_PROGRAMS) ??
    (needs.prometheus ? cluster.prometheusK8sSdBlocker() : undefined) ??
    (missing.length
      ? `binaries missing in ${dir}: ${missing.join(', ')}; ${cluster.BUILD_REAL_NODE_BINARIES_COMMAND} builds them`
      : undefined) ??
    (builtImage() ? undefined : NO_IMAGE)
  );
}

/** What a real-node e2e hands to startLocalCluster before its own options. */
export type RealNodeBase = typeof WORKSPACE_CLUSTER & {
  readonly workDir: string;
  readonly node: 'real';
};

/** What an e2e on the simulated node (kwok) hands to startLocalCluster before its own options. */
export type KwokBase = typeof WORKSPACE_CLUSTER & { readonly workDir: string };

/** A started cluster with the work dir its stop() removes. */
export type TempCluster<C> = C & { readonly workDir: string };

/** Starts a cluster in a fresh /tmp/lc-* dir, which its stop() removes, as does a failed start. */
async function startInTempDir<C extends { stop(): Promise<void> }, B>(
  start: (base: B) => Promise<C>,
  base: (workDir: string) => B,
): Promise<TempCluster<C>> {
  const workDir = await mkdtemp('/tmp/lc-');
  const removeDir = () => rm(workDir, { recursive: true, force: true });
  let cluster: C;
  try {
    cluster = await start(base(workDir));
  } catch (err) {
    await removeDir();
    throw err;
  }
  const stopCluster = cluster.stop.bind(cluster);
  return Object.assign(cluster, {
    workDir,
    async stop() {
      await stopCluster();
      await removeDir();
    },
  });
}

/**
 * Starts a real-node cluster in a fresh /tmp/lc-* work dir (short: the containerd socket lives
 * under it, and unix socket paths are limited to about 100 bytes). The returned cluster's stop()
 * also removes the dir, as does a start that fails. `start` is local-cluster's startLocalCluster
 * with the e2e's own options: an import of it here would make a cycle (see realNodeSkip).
 */
export function startRealNodeCluster<C extends { stop(): Promise<void> }>(
  start: (base: RealNodeBase) => Promise<C>,
): Promise<TempCluster<C>> {
  return startInTempDir(start, (workDir) => ({
    ...WORKSPACE_CLUSTER,
    workDir,
    node: 'real' as const,
  }));
}

/** The same for a cluster on kwok's simulated node: no root, no pods run. */
export function startKwokCluster<C extends { stop(): Promise<void> }>(
  start: (base: KwokBase) => Promise<C>,
): Promise<TempCluster<C>> {
  return startInTempDir(start, (workDir) => ({ ...WORKSPACE_CLUSTER, workDir }));
}

/** Whether podman holds this image (`podman image exists` exits 1 for "no"; no podman is a no). */
export function podmanHasImage(ref: string): boolean {
  try {
    return runSync('podman', ['image', 'exists', ref], { okExitCodes: [0, 1] }).exitCode === 0;
  } catch {
    return false;
  }
}
