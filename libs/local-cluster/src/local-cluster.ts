/**
 * startLocalCluster: a real Kubernetes control plane on 127.0.0.1, with kwok's fake node (the
 * fast mode) or a real node (node: 'real': containerd, CNI bridge, kubelet, kube-proxy; root)
 * and, on request, the real KEDA and kube-state-metrics. Ephemeral ports, state and logs in workDir,
 * every process stopped by PID in reverse order.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { requireClusterBinaries, type ClusterBinary, type ClusterPaths } from './binaries.ts';
import { createPki } from './certs.ts';
import { waitForComponent, type Component } from './component.ts';
import {
  startApiserver,
  startControllerManager,
  startEtcd,
  startScheduler,
} from './control-plane.ts';
import { startKeda } from './keda.ts';
import { startKubeStateMetrics } from './kube-state-metrics.ts';
import { kubectlFor, type Kubectl } from './kubectl.ts';
import { writeKubeconfig } from './kubeconfig.ts';
import { FAKE_NODE, startKwok } from './kwok.ts';
import { startRealNode } from './real-node.ts';
import { clusterVersions } from './versions.ts';

export interface LocalClusterOptions extends ClusterPaths {
  /** Certificates, etcd's data, the kubeconfig and every log (logs/<component>.log). */
  readonly workDir: string;
  /** The KEDA operator and metrics adapter, its CRDs and the external metrics APIService. */
  readonly keda?: boolean;
  readonly kubeStateMetrics?: boolean;
  /** The HPA controller's sync period (a real cluster's default is 15 s). */
  readonly hpaSyncSeconds?: number;
  /**
   * 'kwok' (default): a fake node, pods Ready but nothing runs. 'real': pods run in containerd
   * on a bridge, Services route through kube-proxy; needs root and the real node's binaries.
   */
  readonly node?: 'kwok' | 'real';
  /** podman images the real node imports (it pulls nothing); pods use imagePullPolicy Never. */
  readonly images?: readonly string[];
  /** Progress, one line per step. */
  readonly log?: (message: string) => void;
}

export interface ClusterProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
}

export interface LocalCluster {
  /** Path of the admin kubeconfig (certificates embedded). */
  readonly kubeconfig: string;
  /** https://127.0.0.1:<port> */
  readonly server: string;
  /** Runs the machine's kubectl with --kubeconfig; resolves with stdout, throws with stderr. */
  readonly kubectl: Kubectl;
  /** http://127.0.0.1:<port>, when started with kubeStateMetrics. */
  readonly kubeStateMetricsUrl?: string;
  /** 127.0.0.1:<port>, the scrape target, when started with kubeStateMetrics. */
  readonly kubeStateMetricsAddress?: string;
  readonly logDir: string;
  /** The node pods are scheduled to. */
  readonly nodeName: string;
  /** The real node's kubelet, https://<node ip>:<port> (/metrics, /metrics/cadvisor; no auth). */
  readonly kubeletUrl?: string;
  /** The real node only: imports one more podman image. */
  importImage?(ref: string): Promise<void>;
  /** Every process started, in start order. */
  readonly processes: readonly ClusterProcess[];
  /** Stops every process by PID, in reverse order (SIGTERM, SIGKILL after a grace period). */
  stop(): Promise<void>;
}

export async function startLocalCluster(o: LocalClusterOptions): Promise<LocalCluster> {
  const log = o.log ?? (() => undefined);
  const needed: ClusterBinary[] = [
    'etcd',
    'kube-apiserver',
    'kube-controller-manager',
    'kube-scheduler',
  ];
  const real = o.node === 'real';
  if (o.images?.length && !real) {
    throw new Error(
      `images (${o.images.join(', ')}) need node: 'real'; kwok's fake node runs nothing`,
    );
  }
  needed.push(...(real ? (['kubelet', 'kube-proxy', 'pause'] as const) : (['kwok'] as const)));
  if (o.keda) needed.push('keda-operator', 'keda-adapter');
  if (o.kubeStateMetrics) needed.push('kube-state-metrics');
  const bin = requireClusterBinaries(o.binDir, needed);

  const logDir = join(o.workDir, 'logs');
  await mkdir(logDir, { recursive: true });
  const started: Component[] = [];
  const stop = async () => {
    for (const c of started.splice(0).reverse()) await c.stop();
  };
  const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    const value = await run();
    log(`${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return value;
  };

  try {
    const pki = await step('certificates', () => createPki(join(o.workDir, 'pki')));
    const etcd = await step('etcd ready', () =>
      startEtcd({ bin: bin.etcd, dataDir: join(o.workDir, 'etcd'), logDir }),
    );
    started.push(etcd.component);
    const apiserver = await step('kube-apiserver ready', () =>
      startApiserver({ bin: bin['kube-apiserver'], etcdUrl: etcd.url, pki, logDir }),
    );
    started.push(apiserver.component);
    const kubeconfig = await writeKubeconfig(join(o.workDir, 'admin.kubeconfig'), {
      server: apiserver.server,
      caFile: pki.ca.cert,
      certFile: pki.admin.cert,
      keyFile: pki.admin.key,
    });
    const kubectl = kubectlFor(kubeconfig);

    const [controllerManager] = await step(
      'kube-controller-manager and kube-scheduler ready',
      async () => {
        const both = await Promise.allSettled([
          startControllerManager({
            bin: bin['kube-controller-manager'],
            kubeconfig,
            logDir,
            pki,
            hpaSyncSeconds: o.hpaSyncSeconds ?? 5,
          }),
          startScheduler({ bin: bin['kube-scheduler'], kubeconfig, logDir }),
        ]);
        for (const r of both) if (r.status === 'fulfilled') started.push(r.value);
        for (const r of both) if (r.status === 'rejected') throw r.reason;
        return both.map((r) => (r as PromiseFulfilledResult<Component>).value);
      },
    );
    // Pods are rejected until the namespace's default ServiceAccount exists.
    await waitForComponent(
      controllerManager,
      'the ServiceAccount default/default',
      async () => (await kubectl(['get', 'serviceaccount', 'default', '-o', 'name'])).trim() !== '',
      30_000,
    );

    let realNode: Awaited<ReturnType<typeof startRealNode>> | undefined;
    if (real) {
      realNode = await step('real node Ready (containerd, kubelet, kube-proxy)', () =>
        startRealNode({
          kubeletBin: bin.kubelet,
          kubeProxyBin: bin['kube-proxy'],
          pauseBin: bin.pause,
          kubeconfig,
          kubectl,
          dir: join(o.workDir, 'node'),
          logDir,
          images: o.images,
          log,
        }),
      );
      started.push(...realNode.components);
    } else {
      started.push(
        await step('kwok ready, fake node Ready', () =>
          startKwok({
            bin: bin.kwok,
            versions: clusterVersions(o.versionsEnv),
            kubeconfig,
            kubectl,
            logDir,
          }),
        ),
      );
    }

    if (o.keda) {
      started.push(
        ...(await step('KEDA ready (CRDs, operator, metrics adapter, APIService Available)', () =>
          startKeda({
            operatorBin: bin['keda-operator'],
            adapterBin: bin['keda-adapter'],
            kubeconfig,
            kubectl,
            pki,
            logDir,
            versions: clusterVersions(o.versionsEnv),
          }),
        )),
      );
    }

    let ksm: Awaited<ReturnType<typeof startKubeStateMetrics>> | undefined;
    if (o.kubeStateMetrics) {
      ksm = await step('kube-state-metrics ready', () =>
        startKubeStateMetrics({ bin: bin['kube-state-metrics'], kubeconfig, logDir }),
      );
      started.push(ksm.component);
    }

    return {
      kubeconfig,
      server: apiserver.server,
      kubectl,
      kubeStateMetricsUrl: ksm?.url,
      kubeStateMetricsAddress: ksm?.address,
      logDir,
      nodeName: realNode?.name ?? FAKE_NODE,
      kubeletUrl: realNode?.kubeletUrl,
      importImage: realNode?.importImage,
      processes: started.map((c) => ({ name: c.name, pid: c.proc.pid, logFile: c.logFile })),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
