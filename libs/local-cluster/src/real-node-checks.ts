/**
 * What a real node needs on this machine, as one object: e2e-fixtures' realNodeSkip() takes it
 * (e2e-fixtures cannot import local-cluster: local-cluster's own e2e uses it, an Nx cycle).
 */
import {
  BUILD_REAL_NODE_BINARIES_COMMAND,
  clusterBinaries,
  REAL_NODE_BINARIES,
} from './binaries.ts';
import { prometheusK8sSdBlocker } from './host-prometheus.ts';
import { realNodeBlocker } from './node-host.ts';
import { REAL_NODE_PROGRAMS } from './real-node.ts';

export const REAL_NODE_CHECKS = {
  BUILD_REAL_NODE_BINARIES_COMMAND,
  clusterBinaries,
  prometheusK8sSdBlocker: () => prometheusK8sSdBlocker(),
  REAL_NODE_BINARIES,
  REAL_NODE_PROGRAMS,
  realNodeBlocker,
};
