/**
 * Everything the cluster-path e2e does differently from a user's real cluster, in one place. The
 * spec prints this list before it starts; nothing else may differ.
 */
export const DIFFERENCES = [
  'kubelets: kwok marks pods Running/Ready (Job pods Succeeded) but runs no container; so k6-operator’s runner pods are SIMULATED: no k6 runs in them and they send no load',
  'operators run as host processes, not from the release bundles’ Deployments: KEDA (started by local-cluster), k6-operator (as its own ServiceAccount through in-cluster config, in a mount namespace)',
  'platform: LOADLAB_PLATFORM_SOURCE=vendored, so no traffic leaves the machine: the vendored CRDs and RBAC are applied instead of the release URLs',
  'image: minikube-load is not run (no container runtime); deploy reads the image from a record naming the overlay’s localhost/crocodile-api:dev',
  'KEDA reaches Prometheus on loopback: the ScaledObject’s serverAddress is patched to the host Prometheus after deploy',
  'Prometheus runs on the host with the rendered cluster config and the prometheus ServiceAccount’s token; it is built from the same parameters with the host addresses of two in-cluster DNS names (kube-state-metrics, kubernetes.default.svc), and one job is added for the KEDA operator’s metrics on its host address',
  'the kubelet’s log endpoint is a stand-in: the node’s address points at a local HTTPS server that answers the initializer pod’s log with what the real k6 (same version as the image) prints for the Job’s own command on this host',
  'port-forward and the 15-minute wait of e2e-cluster.sh are not run; the scaling verdict on live load is e2e-local’s job (cluster-e2e:e2e-local)',
] as const;

export function printDifferences(log: (line: string) => void = console.log): void {
  log('Differences from a real cluster (apps/cluster-e2e/src/cluster-path/differences.ts):');
  for (const d of DIFFERENCES) log(`  - ${d}`);
}
