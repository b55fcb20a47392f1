/**
 * kwok fakes the kubelet: it marks one fake node Ready and every pod scheduled on it Running
 * and Ready. No container runs; the pods' IPs come from a made-up CIDR.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@loadlab/process-supervisor';
import { startComponent, waitForComponent, type Component } from './component.ts';
import type { Kubectl } from './kubectl.ts';
import { kwokStageDir, type ClusterVersions } from './versions.ts';

export const FAKE_NODE = 'kwok-node-0';
export const FAKE_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

/** Room for our Deployments' requests at max replicas, plus the monitoring stack. */
// ephemeral-storage too: crocodile-api requests it, and a node without it fits nothing.
export const FAKE_NODE_CAPACITY = {
  cpu: '32',
  memory: '64Gi',
  'ephemeral-storage': '100Gi',
  pods: '110',
} as const;

export function fakeNodeManifest(name = FAKE_NODE): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { [FAKE_NODE_ANNOTATION]: 'fake' },
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', type: 'kwok' },
    },
    status: { allocatable: FAKE_NODE_CAPACITY, capacity: FAKE_NODE_CAPACITY },
  });
}

/** kwok exits with "no stages found" without these (node-initialize, heartbeat, pod-*). */
export function kwokStageFiles(versions: Pick<ClusterVersions, 'kwok'>): string[] {
  const dir = kwokStageDir(versions);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

export async function startKwok(o: {
  bin: string;
  versions: Pick<ClusterVersions, 'kwok'>;
  kubeconfig: string;
  kubectl: Kubectl;
  logDir: string;
}): Promise<Component> {
  const component = startComponent({
    name: 'kwok',
    binary: o.bin,
    logDir: o.logDir,
    args: [
      `--kubeconfig=${o.kubeconfig}`,
      ...kwokStageFiles(o.versions).map((f) => `--config=${f}`),
      '--manage-all-nodes=false',
      `--manage-nodes-with-annotation-selector=${FAKE_NODE_ANNOTATION}=fake`,
      '--cidr=10.244.0.0/24',
      '--node-ip=10.1.0.1',
      `--server-address=127.0.0.1:${await freePort()}`,
    ],
  });
  try {
    await o.kubectl(['apply', '-f', '-'], fakeNodeManifest());
  } catch (err) {
    await component.stop();
    throw err;
  }
  await waitForComponent(
    component,
    `node ${FAKE_NODE} Ready`,
    async () =>
      (
        await o.kubectl([
          'get',
          'node',
          FAKE_NODE,
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
        ])
      ).trim() === 'True',
    30_000,
  );
  return component;
}
