/**
 * The real k6-operator (built from source by scripts/build-k6-operator.sh), run on the host as
 * its own ServiceAccount: in-cluster config from a real token (in-cluster.ts), so it has exactly
 * the RBAC our vendored bundle grants. It must be in-cluster: it reads the initializer's pod log
 * through rest.InClusterConfig(), which no kubeconfig can replace.
 */
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@loadlab/process-supervisor';
import { clusterBinDir } from './binaries.ts';
import { waitForComponent, type Component } from './component.ts';
import { startInCluster } from './in-cluster.ts';
import type { Kubectl } from './kubectl.ts';
import { probeOk } from './probe.ts';

/** Names from the k6-operator bundle (libs/k8s-manifests/platform/k6-operator-*.yaml). */
export const K6_OPERATOR_NAMESPACE = 'k6-operator-system';
export const K6_OPERATOR_SERVICE_ACCOUNT = 'k6-operator-controller';
export const BUILD_K6_OPERATOR_COMMAND = 'bash libs/local-cluster/scripts/build-k6-operator.sh';

/** binDir: the cluster's binaries folder (ClusterPaths.binDir); $LOCAL_CLUSTER_BIN overrides it. */
export const k6OperatorBinary = (binDir: string) => join(clusterBinDir(binDir), 'k6-operator');

export function k6OperatorMissing(binDir: string): string | undefined {
  try {
    accessSync(k6OperatorBinary(binDir), constants.X_OK);
    return undefined;
  } catch {
    return `${k6OperatorBinary(binDir)} is missing; build it with ${BUILD_K6_OPERATOR_COMMAND}`;
  }
}

/** Needs the operator's namespace, ServiceAccount and RBAC applied first (kube.sh platform). */
export async function startK6Operator(o: {
  kubectl: Kubectl;
  server: string;
  workDir: string;
  logDir: string;
  binDir: string;
}): Promise<Component> {
  const missing = k6OperatorMissing(o.binDir);
  if (missing) throw new Error(missing);
  const healthPort = await freePort();
  const component = await startInCluster({
    name: 'k6-operator',
    binary: k6OperatorBinary(o.binDir),
    args: [
      `--metrics-bind-address=127.0.0.1:${await freePort()}`,
      `--health-probe-bind-address=127.0.0.1:${healthPort}`,
      '--leader-elect=false',
    ],
    logDir: o.logDir,
    kubectl: o.kubectl,
    server: o.server,
    namespace: K6_OPERATOR_NAMESPACE,
    serviceAccount: K6_OPERATOR_SERVICE_ACCOUNT,
    dir: join(o.workDir, 'k6-operator-serviceaccount'),
  });
  await waitForComponent(
    component,
    `/readyz on 127.0.0.1:${healthPort}`,
    () => probeOk(`http://127.0.0.1:${healthPort}/readyz`),
    60_000,
  );
  return component;
}
