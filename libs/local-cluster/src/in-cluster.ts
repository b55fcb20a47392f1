/**
 * Runs a host process as if it were in a pod of the cluster: its own mount namespace gets a
 * tmpfs /run holding /run/secrets/kubernetes.io/serviceaccount/{token,ca.crt,namespace} (a real
 * ServiceAccount token from `kubectl create token`), and KUBERNETES_SERVICE_HOST/PORT point at the
 * local API server. Client libraries' in-cluster config and Prometheus' kubernetes_sd_configs then
 * work unchanged, with exactly the RBAC of that ServiceAccount. Nothing changes on the host: the
 * mounts exist only in that process's namespace (unshare, which needs root or CAP_SYS_ADMIN).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runSync } from '@loadlab/process-supervisor';
import { startComponent, type Component } from './component.ts';
import type { Kubectl } from './kubectl.ts';

export const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface InClusterIdentity {
  /** The folder holding token, ca.crt and namespace (mounted at SA_DIR in the namespace). */
  readonly dir: string;
  readonly env: Readonly<Record<string, string>>;
  /** Prefix for the command: unshare ... sh -c '<mounts>; exec "$@"' sh */
  readonly wrapper: readonly string[];
}

export function canUnshareMounts(): boolean {
  try {
    runSync('unshare', ['--mount', '--propagation', 'private', 'true'], { timeoutMs: 10_000 });
    return true;
  } catch {
    return false; // not root, no CAP_SYS_ADMIN, or no unshare at all
  }
}

export async function inClusterIdentity(o: {
  kubectl: Kubectl;
  /** https://127.0.0.1:<port> */
  server: string;
  namespace: string;
  serviceAccount: string;
  dir: string;
}): Promise<InClusterIdentity> {
  const token = (
    await o.kubectl(['-n', o.namespace, 'create', 'token', o.serviceAccount, '--duration=2h'])
  ).trim();
  const caData = await o.kubectl([
    'config',
    'view',
    '--raw',
    '--minify',
    '-o',
    'jsonpath={.clusters[0].cluster.certificate-authority-data}',
  ]);
  await mkdir(o.dir, { recursive: true });
  await writeFile(join(o.dir, 'token'), token, { mode: 0o600 });
  await writeFile(join(o.dir, 'ca.crt'), Buffer.from(caData.trim(), 'base64'));
  await writeFile(join(o.dir, 'namespace'), o.namespace);
  const { hostname, port } = new URL(o.server);
  // /var/run is /run; a tmpfs there keeps the host's /run untouched and gives a place for the mount point.
  const script = [
    'set -e',
    'mount -t tmpfs -o size=1m,mode=755 loadlab-run /run',
    `mkdir -p ${SA_DIR}`,
    `mount --bind "$LOADLAB_SA_SOURCE" ${SA_DIR}`,
    'exec "$@"',
  ].join('; ');
  return {
    dir: o.dir,
    env: {
      KUBERNETES_SERVICE_HOST: hostname,
      KUBERNETES_SERVICE_PORT: port,
      LOADLAB_SA_SOURCE: o.dir,
    },
    wrapper: ['--mount', '--propagation', 'private', '--', 'sh', '-c', script, 'sh'],
  };
}

/** Starts binary as ServiceAccount namespace/serviceAccount, in its own mount namespace. */
export async function startInCluster(o: {
  name: string;
  binary: string;
  args: readonly string[];
  logDir: string;
  kubectl: Kubectl;
  server: string;
  namespace: string;
  serviceAccount: string;
  /** Where the token, CA and namespace files go. */
  dir: string;
}): Promise<Component> {
  const identity = await inClusterIdentity(o);
  return startComponent({
    name: o.name,
    binary: 'unshare',
    logDir: o.logDir,
    // No KUBECONFIG: clients fall back to the in-cluster config, as in a pod.
    env: { ...identity.env, KUBECONFIG: '' },
    args: [...identity.wrapper, o.binary, ...o.args],
  });
}
