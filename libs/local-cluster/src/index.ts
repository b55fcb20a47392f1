export {
  BUILD_BINARIES_COMMAND,
  BUILD_REAL_NODE_BINARIES_COMMAND,
  REAL_NODE_BINARIES,
  clusterBinaries,
} from './binaries.ts';
export { clusterVersions, k6OperatorBundle } from './versions.ts';
export { type Kubectl } from './kubectl.ts';
export { waitUntilReady, type Component } from './component.ts';
export { FAKE_NODE } from './kwok.ts';
export { installKedaCrds } from './keda.ts';
export { startLocalCluster, type LocalCluster } from './local-cluster.ts';
export { NODE_IP, PAUSE_IMAGE, REAL_NODE } from './real-node-config.ts';
export { REAL_NODE_PROGRAMS } from './real-node.ts';
export { realNodeBlocker } from './node-host.ts';
export { canUnshareMounts, startInCluster } from './in-cluster.ts';
export { k6OperatorMissing, startK6Operator } from './k6-operator.ts';
export { COREDNS_IMAGE, deployClusterDns, relayApiToPods, type ApiRelay } from './cluster-dns.ts';
export { hostPrometheusConfig, prometheusK8sSdBlocker } from './host-prometheus.ts';
export { realNodeLeftovers } from './leftovers.ts';
