/**
 * The real node, end to end: the minikube overlay's crocodile-api Deployment and Service (our
 * rendered manifests, with the locally built image) on the local control plane with a real
 * kubelet. The real scheduler binds the pod, containerd runs it, its readinessProbe makes it
 * Ready, and the host reaches it through the ClusterIP Service (kube-proxy's rules). Stopping
 * leaves no process, mount, bridge or iptables chain behind.
 *
 * Needs root, the real node's binaries and the crocodile-api image; says precisely which is
 * missing and skips. Run: npx nx run local-cluster:e2e-real-node (not part of `test`).
 *
 * @e2e-needs image real-node
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  APP,
  appObjects,
  asList,
  builtImage,
  realNodeSkip,
  renderOverlay,
  startRealNodeCluster,
  type TempCluster,
} from '@loadlab/e2e-fixtures';
import { runSync, waitFor } from '@loadlab/process-supervisor';
import { appPods, readyReplicas } from './kubectl.ts';
import { startLocalCluster, type LocalCluster } from './local-cluster.ts';
import { alive, mountsUnder, shimsOf } from './node-host.ts';
import { REAL_NODE_CHECKS } from './real-node-checks.ts';
import { NODE_BRIDGE, POD_CIDR, REAL_NODE } from './real-node-config.ts';

const image = builtImage();
const skip = realNodeSkip(REAL_NODE_CHECKS);
if (skip) console.log(`# SKIP real node: ${skip}`);

/** Our Deployment and Service as the minikube overlay renders them, with this build's image. */
function appManifests(ref: string): string {
  const mine = appObjects(renderOverlay(), ['Deployment', 'Service'], ref);
  assert.equal(mine.length, 2, `the overlay renders a Deployment and a Service named ${APP}`);
  for (const o of mine) {
    if (o.kind !== 'Deployment') continue;
    o.spec.replicas = 1;
    assert.equal(
      o.spec.template.spec.containers[0].imagePullPolicy,
      'Never',
      'the minikube overlay never pulls',
    );
  }
  return asList(mine);
}

describe(
  'real node: a crocodile-api pod runs, gets Ready, and a ClusterIP Service reaches it',
  { skip },
  () => {
    let cluster: TempCluster<LocalCluster> | undefined;

    before(async () => {
      const t0 = Date.now();
      cluster = await startRealNodeCluster((base) =>
        startLocalCluster({
          ...base,
          images: [image!],
          log: (m) => console.log(`# ${m}`),
        }),
      );
      console.log(`# cluster with a real node up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    });

    after(async () => {
      await cluster?.stop();
    });

    it('schedules the pod on the real node, runs it, and it turns Ready by its readinessProbe', async () => {
      const t0 = Date.now();
      await cluster!.kubectl(['apply', '-f', '-'], appManifests(image!));
      await waitFor(async () => (await readyReplicas(cluster!.kubectl, APP)) === 1, {
        what: `${APP} 1/1 Ready`,
        timeoutMs: 120_000,
        intervalMs: 500,
      }).catch(async (err: Error) => {
        const why = await cluster!
          .kubectl(['get', 'events', '--sort-by=.lastTimestamp'])
          .catch((e: Error) => e.message);
        throw new Error(`${err.message}\n${why}`);
      });
      console.log(`# time to a Ready pod: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const pods = await appPods<
        {
          spec: { nodeName: string };
          status: {
            podIP: string;
            containerStatuses: {
              ready: boolean;
              started: boolean;
              state: Record<string, unknown>;
            }[];
          };
        } & { metadata: { name: string } }
      >(cluster!.kubectl, APP);
      assert.equal(pods.length, 1);
      const p = pods[0]!;
      assert.equal(p.spec.nodeName, REAL_NODE, 'bound by the real scheduler to the real node');
      assert.ok(
        p.status.podIP.startsWith(POD_CIDR.split('.').slice(0, 3).join('.')),
        `pod IP ${p.status.podIP} on the bridge`,
      );
      assert.ok(p.status.containerStatuses[0]!.state.running, 'the container runs');
      // The pod itself answers on its IP (the kubelet's readinessProbe goes the same way).
      const direct = await fetch(`http://${p.status.podIP}:4000/readyz`);
      assert.equal(direct.status, 200);
    });

    it('the ClusterIP Service reaches the pod from the host through kube-proxy', async () => {
      const ip = (
        await cluster!.kubectl(['get', 'service', APP, '-o', 'jsonpath={.spec.clusterIP}'])
      ).trim();
      assert.match(ip, /^10\.0\.0\.\d+$/);
      let status = 0;
      await waitFor(
        async () => {
          status = (await fetch(`http://${ip}:4000/readyz`).catch(() => ({ status: 0 }))).status;
          return status === 200;
        },
        {
          what: `GET http://${ip}:4000/readyz through the Service`,
          timeoutMs: 30_000,
          intervalMs: 500,
        },
      );
      const res = await fetch(`http://${ip}:4000/crocodiles`);
      assert.equal(res.status, 200);
      assert.ok(Array.isArray(await res.json()), 'the API answers with its list');
    });

    it('stops every process by PID and leaves nothing on the machine', async () => {
      const processes = cluster!.processes;
      assert.deepEqual(
        processes.map((p) => p.name),
        [
          'etcd',
          'kube-apiserver',
          'kube-controller-manager',
          'kube-scheduler',
          'containerd',
          'kubelet',
          'kube-proxy',
        ],
      );
      const { workDir } = cluster!;
      const socket = join(workDir, 'node/containerd/containerd.sock');
      assert.ok(shimsOf(socket).length > 0, 'containerd shims ran the pod');
      const t0 = Date.now();
      await cluster!.stop();
      cluster = undefined;
      console.log(`# stopped in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      assert.deepEqual(
        processes.filter((p) => alive(p.pid)),
        [],
        'no cluster process is left',
      );
      assert.deepEqual(shimsOf(socket), [], 'no containerd shim is left');
      assert.deepEqual(mountsUnder(workDir), [], 'nothing stays mounted');
      const links = runSync('ip', ['-o', 'link', 'show']).stdout;
      assert.ok(!links.includes(`${NODE_BRIDGE}:`), `the bridge ${NODE_BRIDGE} is gone`);
      const nat = runSync('iptables', ['-t', 'nat', '-S']).stdout;
      assert.ok(!/KUBE-SERVICES|CNI-/.test(nat), `no kube-proxy or CNI rule is left:\n${nat}`);
    });
  },
);
