/**
 * local-cluster's real-node checks, handed to e2e-fixtures' realNodeSkip (e2e-fixtures cannot
 * import local-cluster: local-cluster's own e2e uses it, and the Nx graph would have a cycle).
 */
import {
  BUILD_REAL_NODE_BINARIES_COMMAND,
  clusterBinaries,
  prometheusK8sSdBlocker,
  REAL_NODE_BINARIES,
  REAL_NODE_PROGRAMS,
  realNodeBlocker,
} from '@loadlab/local-cluster';
import type { LocalClusterChecks } from '@loadlab/e2e-fixtures';

export const LOCAL_CLUSTER: LocalClusterChecks = {
  BUILD_REAL_NODE_BINARIES_COMMAND,
  clusterBinaries,
  prometheusK8sSdBlocker: () => prometheusK8sSdBlocker(),
  REAL_NODE_BINARIES,
  REAL_NODE_PROGRAMS,
  realNodeBlocker,
};
