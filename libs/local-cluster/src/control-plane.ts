/**
 * The real control plane on 127.0.0.1: etcd, kube-apiserver (with the aggregation layer),
 * kube-controller-manager (every default controller, the HPA controller included) and
 * kube-scheduler (kwok does not bind pods). State and logs in workDir.
 */
import { freePort } from '@loadlab/process-supervisor';
import type { Pki } from './certs.ts';
import { startComponent, waitForComponent, type Component } from './component.ts';
import { probeOk } from './probe.ts';

/** 10.0.0.1 is in the apiserver's cert; nothing routes to service IPs here. */
export const SERVICE_CIDR = '10.0.0.0/24';

export interface RunningEtcd {
  readonly component: Component;
  readonly url: string;
}

export async function startEtcd(o: {
  bin: string;
  dataDir: string;
  logDir: string;
}): Promise<RunningEtcd> {
  const [client, peer] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const component = startComponent({
    name: 'etcd',
    binary: o.bin,
    logDir: o.logDir,
    args: [
      '--name=local',
      `--data-dir=${o.dataDir}`,
      `--listen-client-urls=${url}`,
      `--advertise-client-urls=${url}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=local=${peerUrl}`,
      // Throwaway state: no fsync, so a slow disk does not slow every write down.
      '--unsafe-no-fsync',
      '--log-level=warn',
    ],
  });
  await waitForComponent(
    component,
    `/health on ${url}`,
    () => probeOk(`${url}/health`, {}, /"health":"true"/),
    30_000,
  );
  return { component, url };
}

export interface RunningApiserver {
  readonly component: Component;
  readonly server: string;
}

export async function startApiserver(o: {
  bin: string;
  etcdUrl: string;
  pki: Pki;
  logDir: string;
}): Promise<RunningApiserver> {
  const port = await freePort();
  const server = `https://127.0.0.1:${port}`;
  const p = o.pki;
  const component = startComponent({
    name: 'kube-apiserver',
    binary: o.bin,
    logDir: o.logDir,
    graceMs: 10_000,
    args: [
      `--etcd-servers=${o.etcdUrl}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      '--advertise-address=127.0.0.1',
      // No 'kubernetes' Endpoints: they may not hold a loopback IP.
      '--endpoint-reconciler-type=none',
      `--tls-cert-file=${p.apiserver.cert}`,
      `--tls-private-key-file=${p.apiserver.key}`,
      `--client-ca-file=${p.ca.cert}`,
      `--service-account-key-file=${p.serviceAccount.pub}`,
      `--service-account-signing-key-file=${p.serviceAccount.key}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      '--authorization-mode=RBAC',
      // The aggregation layer (external.metrics.k8s.io is served by KEDA's adapter).
      `--requestheader-client-ca-file=${p.frontProxyCa.cert}`,
      '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-username-headers=X-Remote-User',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      `--proxy-client-cert-file=${p.frontProxyClient.cert}`,
      `--proxy-client-key-file=${p.frontProxyClient.key}`,
      '--profiling=false',
      // A real node's name does not resolve here: reach kubelets by IP (logs, exec, node proxy).
      '--kubelet-preferred-address-types=InternalIP,Hostname',
    ],
  });
  await waitForComponent(
    component,
    `/readyz on ${server}`,
    () =>
      probeOk(`${server}/readyz`, {
        caFile: p.ca.cert,
        certFile: p.admin.cert,
        keyFile: p.admin.key,
      }),
    90_000,
  );
  return { component, server };
}

interface ClientOptions {
  readonly bin: string;
  readonly kubeconfig: string;
  readonly logDir: string;
}

const clientFlags = (kubeconfig: string) => [
  `--kubeconfig=${kubeconfig}`,
  `--authentication-kubeconfig=${kubeconfig}`,
  `--authorization-kubeconfig=${kubeconfig}`,
  '--bind-address=127.0.0.1',
  '--leader-elect=false',
  '--profiling=false',
];

/** Serves /healthz over HTTPS with a cert it generated itself. */
const healthy = (c: Component, port: number) =>
  waitForComponent(
    c,
    `/healthz on https://127.0.0.1:${port}`,
    () => probeOk(`https://127.0.0.1:${port}/healthz`, { insecure: true }),
    60_000,
  );

export async function startControllerManager(
  o: ClientOptions & { pki: Pki; hpaSyncSeconds: number },
): Promise<Component> {
  const port = await freePort();
  const component = startComponent({
    name: 'kube-controller-manager',
    binary: o.bin,
    logDir: o.logDir,
    args: [
      ...clientFlags(o.kubeconfig),
      `--secure-port=${port}`,
      `--service-account-private-key-file=${o.pki.serviceAccount.key}`,
      `--root-ca-file=${o.pki.ca.cert}`,
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      `--horizontal-pod-autoscaler-sync-period=${o.hpaSyncSeconds}s`,
    ],
  });
  await healthy(component, port);
  return component;
}

export async function startScheduler(o: ClientOptions): Promise<Component> {
  const port = await freePort();
  const component = startComponent({
    name: 'kube-scheduler',
    binary: o.bin,
    logDir: o.logDir,
    args: [...clientFlags(o.kubeconfig), `--secure-port=${port}`],
  });
  await healthy(component, port);
  return component;
}
