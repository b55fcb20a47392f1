/**
 * A real node: containerd (Debian's, with runc), the CNI bridge plugin, the kubelet and
 * kube-proxy, each started and stopped by PID. Pods run for real on the bridge NODE_BRIDGE
 * (POD_CIDR); ClusterIP Services reach them through kube-proxy's iptables rules, from the host
 * too. Nothing is pulled: the caller's podman images and the stand-in pause image are imported.
 *
 * Stopping undoes everything on the machine, in this order: the pods are deleted through the
 * API (so the kubelet runs their preStop and CNI DEL), kube-proxy's rules are removed, the
 * kubelet and containerd stop, containerd's detached shims are stopped by PID, the mounts under
 * the node's folder are released, the Service-CIDR route and the bridge are deleted and the sysctls
 * are put back.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, waitFor } from '@loadlab/process-supervisor';
import { startComponent, waitForComponent, type Component } from './component.ts';
import { SERVICE_CIDR } from './control-plane.ts';
import type { Kubectl } from './kubectl.ts';
import {
  alive,
  addServiceRoute,
  createBridge,
  deleteBridge,
  host,
  lockRealNode,
  realNodeBlocker,
  RealNodeUnavailableError,
  removeCgroupTree,
  removeCniRules,
  removeKubeChains,
  setSysctl,
  shimsOf,
  unmountUnder,
} from './node-host.ts';
import {
  importArchive,
  importPodmanImage,
  killAllTasks,
  pauseImageArchive,
  runningTasks,
} from './node-images.ts';
import { probeOk } from './probe.ts';
import {
  CNI_NETWORK,
  cniConfList,
  containerdConfig,
  kubeletConfig,
  kubeProxyConfig,
  NODE_BRIDGE,
  NODE_IP,
  POD_CIDR,
  REAL_NODE,
  realNodePaths,
} from './real-node-config.ts';

/** Programs from apt the real node runs (containerd starts runc and the CNI plugins itself). */
export const REAL_NODE_PROGRAMS = [
  'containerd',
  'containerd-shim-runc-v2',
  'runc',
  'ctr',
  'ip',
  'iptables',
];

/** One real node per machine: its lock holds the PID of the process that runs it. */
export const REAL_NODE_LOCK = '/run/loadlab-real-node.lock';

export { RealNodeUnavailableError };

export interface RealNodeOptions {
  readonly kubeletBin: string;
  readonly kubeProxyBin: string;
  /** The stand-in pause binary (go/pause). */
  readonly pauseBin: string;
  readonly kubeconfig: string;
  readonly kubectl: Kubectl;
  /** The node's state: containerd's root, the kubelet's root, CNI leases. Keep it short. */
  readonly dir: string;
  readonly logDir: string;
  /** podman images to import (e.g. localhost/crocodile-api:<sha>); pods use imagePullPolicy Never. */
  readonly images?: readonly string[];
  readonly log?: (message: string) => void;
}

export interface RealNode {
  readonly name: string;
  /** containerd, kubelet, kube-proxy: stopping them in reverse order undoes everything. */
  readonly components: readonly Component[];
  /** The kubelet's HTTPS endpoint, https://<node ip>:<port> (/metrics, /metrics/cadvisor). */
  readonly kubeletUrl: string;
  readonly containerdSocket: string;
  /** Imports one more podman image into the node. */
  importImage(ref: string): Promise<void>;
}

/** A component whose stop does more than stopping its process. */
const withStop = (c: Component, stop: () => Promise<void>): Component => ({ ...c, stop });

export async function startRealNode(o: RealNodeOptions): Promise<RealNode> {
  const log = o.log ?? (() => undefined);
  const blocker = realNodeBlocker(REAL_NODE_PROGRAMS);
  if (blocker) throw new RealNodeUnavailableError(blocker);
  const p = realNodePaths(o.dir);
  if (Buffer.byteLength(p.containerdSocket) > 100) {
    throw new RealNodeUnavailableError(
      `the containerd socket path is too long for a unix socket (${p.containerdSocket}); use a shorter workDir`,
    );
  }

  // Undo steps for the machine, run in reverse by the containerd component's stop (or on failure).
  const undo: (() => Promise<void>)[] = [await lockRealNode(REAL_NODE_LOCK)];
  const started: Component[] = [];
  const undoHost = async () => {
    for (const u of undo.splice(0).reverse()) await u().catch(() => undefined);
  };

  try {
    await Promise.all(
      [
        p.containerdRoot,
        p.containerdState,
        p.cniConfDir,
        p.cniDataDir,
        p.kubeletCertDir,
        p.podLogsDir,
      ].map((d) => mkdir(d, { recursive: true })),
    );
    undo.push(await setSysctl('net.ipv4.ip_forward', '1'));
    undo.push(await setSysctl('net.bridge.bridge-nf-call-iptables', '1'));
    await createBridge(NODE_BRIDGE, `${NODE_IP}/${POD_CIDR.split('/')[1]}`);
    undo.push(() => deleteBridge(NODE_BRIDGE));
    // ClusterIPs go to the bridge, not the default route: in some sandboxes the default route
    // answers any unknown address itself (HTTP 404), so a client reaching a Service before
    // kube-proxy programmed it (the k6-operator polling a runner) got a 404 on a kept connection
    // instead of a refused connect. Deleted before the bridge (it would go with it) and checked by
    // realNodeLeftovers.
    await addServiceRoute(SERVICE_CIDR, NODE_BRIDGE);
    undo.push(async () => void (await host('ip', ['route', 'del', SERVICE_CIDR])));
    await writeFile(p.containerdConfig, containerdConfig(p));
    await writeFile(join(p.cniConfDir, '10-loadlab.conflist'), cniConfList(p));

    const t0 = Date.now();
    const containerd = startComponent({
      name: 'containerd',
      binary: 'containerd',
      args: ['--config', p.containerdConfig, '--log-level', 'warn'],
      logDir: o.logDir,
      graceMs: 10_000,
    });
    undo.push(async () => {
      // The shims outlive containerd by design; they are ours, found by our socket.
      for (const pid of shimsOf(p.containerdSocket)) if (alive(pid)) process.kill(pid, 'SIGKILL');
      const left = await unmountUnder(o.dir);
      if (left.length) log(`real node: still mounted: ${left.join(', ')}`);
      removeCgroupTree('kubepods');
      await removeCniRules(CNI_NETWORK);
    });
    started.push(
      withStop(containerd, async () => {
        await containerd.stop();
        await undoHost();
      }),
    );
    await waitForComponent(
      containerd,
      `its socket ${p.containerdSocket}`,
      async () => !!(await host('ctr', ['-a', p.containerdSocket, 'version']).catch(() => '')),
      30_000,
    );
    await importArchive(p.containerdSocket, await pauseImageArchive(o.pauseBin, o.dir));
    for (const ref of o.images ?? []) await importPodmanImage(p.containerdSocket, ref, o.dir);
    log(`containerd ready, images imported (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

    const [port, healthzPort] = [await freePort(), await freePort()];
    await writeFile(p.kubeletConfig, kubeletConfig(p, { port, healthzPort }));
    const kubelet = startComponent({
      name: 'kubelet',
      binary: o.kubeletBin,
      args: [
        `--config=${p.kubeletConfig}`,
        // The admin identity: this cluster has no node authorizer or NodeRestriction to satisfy.
        `--kubeconfig=${o.kubeconfig}`,
        `--root-dir=${p.kubeletRoot}`,
        `--cert-dir=${p.kubeletCertDir}`,
        `--hostname-override=${REAL_NODE}`,
        `--node-ip=${NODE_IP}`,
        // cAdvisor finds containers through this socket; without it, pod and container labels are empty.
        `--containerd=${p.containerdSocket}`,
      ],
      logDir: o.logDir,
      graceMs: 10_000,
    });
    started.push(
      withStop(kubelet, async () => {
        await drainNode(o.kubectl, p.containerdSocket, log);
        await kubelet.stop();
        await removeKubeChains();
      }),
    );
    await waitForComponent(
      kubelet,
      `node ${REAL_NODE} Ready`,
      async () =>
        (
          await o
            .kubectl([
              'get',
              'node',
              REAL_NODE,
              '-o',
              'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
            ])
            .catch(() => '')
        ).trim() === 'True',
      120_000,
    );

    const [proxyHealthz, proxyMetrics] = [await freePort(), await freePort()];
    const proxyConfig = join(o.dir, 'kube-proxy-config.json');
    await writeFile(
      proxyConfig,
      kubeProxyConfig(o.kubeconfig, { healthzPort: proxyHealthz, metricsPort: proxyMetrics }),
    );
    const kubeProxy = startComponent({
      name: 'kube-proxy',
      binary: o.kubeProxyBin,
      args: [`--config=${proxyConfig}`],
      logDir: o.logDir,
    });
    started.push(
      withStop(kubeProxy, async () => {
        await kubeProxy.stop();
        // Its iptables chains stay after it exits; --cleanup removes them (and nothing else).
        await host(o.kubeProxyBin, ['--cleanup'], 60_000).catch((err: Error) =>
          log(`kube-proxy --cleanup: ${err.message}`),
        );
      }),
    );
    await waitForComponent(
      kubeProxy,
      `/healthz on 127.0.0.1:${proxyHealthz}`,
      () => probeOk(`http://127.0.0.1:${proxyHealthz}/healthz`),
      60_000,
    );

    return {
      name: REAL_NODE,
      components: started,
      kubeletUrl: `https://${NODE_IP}:${port}`,
      containerdSocket: p.containerdSocket,
      importImage: (ref) => importPodmanImage(p.containerdSocket, ref, o.dir),
    };
  } catch (err) {
    for (const c of started.splice(0).reverse()) await c.stop().catch(() => undefined);
    await undoHost();
    throw err;
  }
}

/**
 * Deletes every workload and pod through the API, so the kubelet stops each container (preStop,
 * SIGTERM) and releases its network (CNI DEL), and waits, bounded, until no container runs.
 * Whatever still runs after that is killed through containerd.
 */
async function drainNode(kubectl: Kubectl, socket: string, log: (m: string) => void) {
  const t0 = Date.now();
  const quiet = (args: string[]) => kubectl(args).catch(() => '');
  // Controllers first, or they replace the pods being deleted.
  await quiet([
    'delete',
    'deployments,replicasets,statefulsets,daemonsets,jobs',
    '--all',
    '-A',
    '--wait=false',
  ]);
  await quiet(['delete', 'pods', '--all', '-A', '--grace-period=2', '--wait=false']);
  try {
    // The kubelet removes a pod from the API once its sandbox is stopped and its network
    // released (CNI DEL); a stopped task alone comes before that.
    await waitFor(
      async () =>
        (await kubectl(['get', 'pods', '-A', '-o', 'name'])).trim() === '' &&
        (await runningTasks(socket)).length === 0,
      {
        what: 'every pod on the real node to be gone',
        timeoutMs: 45_000,
        intervalMs: 500,
      },
    );
  } catch (err) {
    log(`real node: ${(err as Error).message}; killing what is left`);
    await killAllTasks(socket);
  }
  log(`real node drained (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
