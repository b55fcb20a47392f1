/**
 * The real node's configuration files: containerd's config.toml, the CNI bridge's conflist,
 * the kubelet's KubeletConfiguration and kube-proxy's KubeProxyConfiguration. Pure functions,
 * so a spec can check them without root.
 *
 * Everything host-wide that a real node needs is named here once: one bridge with its own
 * subnet (pods and the kubelet live on it, nothing listens on the machine's own interfaces),
 * the kubelet's cgroup settings for this machine (cgroup v1, no systemd), and the stand-in
 * pause image.
 */
import { join } from 'node:path';

/** The bridge the CNI plugin attaches pods to; created before the kubelet so it can be the node IP. */
export const NODE_BRIDGE = 'loadlab0';
export const POD_CIDR = '10.244.0.0/24';
/** The bridge's address: the node's InternalIP, where the kubelet and NodePorts listen. */
export const NODE_IP = '10.244.0.1';
export const REAL_NODE = 'loadlab-node-0';
/** A stand-in for registry.k8s.io/pause (no registry here): go/pause, built and imported locally. */
export const PAUSE_IMAGE = 'localhost/loadlab/pause:stand-in';
export const CNI_NETWORK = 'loadlab';
/** kube-dns's ClusterIP (in control-plane.ts's SERVICE_CIDR, 10.0.0.0/24), as kubeadm's .10. */
export const CLUSTER_DNS_IP = '10.0.0.10';
/** Debian's containernetworking-plugins. */
export const CNI_BIN_DIR = '/usr/lib/cni';

export interface RealNodePaths {
  readonly root: string;
  readonly containerdRoot: string;
  readonly containerdState: string;
  readonly containerdSocket: string;
  readonly cniConfDir: string;
  readonly cniDataDir: string;
  readonly kubeletRoot: string;
  readonly kubeletCertDir: string;
  readonly podLogsDir: string;
  readonly volumePluginDir: string;
  readonly kubeletConfig: string;
  readonly kubeProxyConfig: string;
  readonly containerdConfig: string;
}

/**
 * Under dir; the containerd socket's path must stay below the 108 bytes of a unix socket
 * address, so dir should be short (the caller's workDir/node).
 */
export function realNodePaths(dir: string): RealNodePaths {
  return {
    root: dir,
    containerdRoot: join(dir, 'containerd/root'),
    containerdState: join(dir, 'containerd/state'),
    containerdSocket: join(dir, 'containerd/containerd.sock'),
    cniConfDir: join(dir, 'cni/net.d'),
    cniDataDir: join(dir, 'cni/ipam'),
    kubeletRoot: join(dir, 'kubelet'),
    kubeletCertDir: join(dir, 'kubelet/pki'),
    podLogsDir: join(dir, 'pod-logs'),
    volumePluginDir: join(dir, 'kubelet/volume-plugins'),
    kubeletConfig: join(dir, 'kubelet-config.json'),
    kubeProxyConfig: join(dir, 'kube-proxy-config.json'),
    containerdConfig: join(dir, 'containerd/config.toml'),
  };
}

const q = (s: string) => JSON.stringify(s); // TOML basic strings share JSON's escaping

export function containerdConfig(p: RealNodePaths): string {
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  return `# Written by libs/local-cluster (real-node mode); containerd 1.6 (Debian).
version = 2
root = ${q(p.containerdRoot)}
state = ${q(p.containerdState)}

[grpc]
  address = ${q(p.containerdSocket)}

[ttrpc]
  address = ${q(`${p.containerdSocket}.ttrpc`)}

# No metrics listener, no TCP anywhere.
[metrics]
  address = ""

[${cri}]
  sandbox_image = ${q(PAUSE_IMAGE)}
  # Pods' network namespaces under our state dir, not /run/netns: the teardown finds them.
  netns_mounts_under_state_dir = true
  # The kubelet asks for oom_score_adj -998 for sandboxes; lowering it needs CAP_SYS_RESOURCE,
  # which a root in a VM or container may lack (runc then fails with "can't get final child's
  # PID from pipe"). Restricted, containerd never goes below its own value.
  restrict_oom_score_adj = true
  # Images come only from 'ctr images import'; nothing is pulled.
  [${cri}.containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [${cri}.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [${cri}.containerd.runtimes.runc.options]
        # cgroupfs: this machine has cgroup v1 and no systemd.
        SystemdCgroup = false
  [${cri}.cni]
    bin_dir = ${q(CNI_BIN_DIR)}
    conf_dir = ${q(p.cniConfDir)}
`;
}

export function cniConfList(p: RealNodePaths): string {
  return `${JSON.stringify(
    {
      cniVersion: '0.4.0',
      name: CNI_NETWORK,
      plugins: [
        {
          type: 'bridge',
          bridge: NODE_BRIDGE,
          isGateway: true,
          ipMasq: true,
          hairpinMode: true,
          ipam: {
            type: 'host-local',
            // Not /var/lib/cni: the leases go away with the workDir.
            dataDir: p.cniDataDir,
            ranges: [[{ subnet: POD_CIDR, gateway: NODE_IP }]],
            routes: [{ dst: '0.0.0.0/0' }],
          },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    },
    null,
    2,
  )}\n`;
}

export interface KubeletPorts {
  readonly port: number;
  readonly healthzPort: number;
}

export function kubeletConfig(p: RealNodePaths, ports: KubeletPorts): string {
  const socket = `unix://${p.containerdSocket}`;
  return `${JSON.stringify(
    {
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      address: NODE_IP,
      port: ports.port,
      readOnlyPort: 0,
      healthzBindAddress: '127.0.0.1',
      healthzPort: ports.healthzPort,
      // Prometheus on the host scrapes /metrics and /metrics/cadvisor without a token; the
      // kubelet listens only on the node's bridge, which nothing outside this machine reaches.
      authentication: { anonymous: { enabled: true }, webhook: { enabled: false } },
      authorization: { mode: 'AlwaysAllow' },
      containerRuntimeEndpoint: socket,
      imageServiceEndpoint: socket,
      // This machine: cgroup v1 (Kubernetes 1.34 still runs on it when told to), no systemd, no swap limit.
      failCgroupV1: false,
      cgroupDriver: 'cgroupfs',
      failSwapOn: false,
      podCIDR: POD_CIDR,
      clusterDomain: 'cluster.local',
      // Pods ask CoreDNS (cluster-dns.ts) at this Service IP; until it is deployed, names do not resolve in pods.
      clusterDNS: [CLUSTER_DNS_IP],
      resolvConf: '/etc/resolv.conf',
      volumePluginDir: p.volumePluginDir,
      podLogsDir: p.podLogsDir,
      maxPods: 110,
      serializeImagePulls: false,
      // A shared test machine's disk is not ours to guard: evict only when it is really full.
      evictionHard: {
        'memory.available': '100Mi',
        'nodefs.available': '1%',
        'nodefs.inodesFree': '1%',
        'imagefs.available': '1%',
      },
      // Imported images cannot be pulled again: never garbage-collect them.
      imageGCHighThresholdPercent: 100,
      imageGCLowThresholdPercent: 99,
      // Status every few seconds, so a stopped pod is noticed quickly.
      nodeStatusReportFrequency: '10s',
      syncFrequency: '10s',
      // The test stops the node by PID right after deleting its pods.
      shutdownGracePeriod: '0s',
      enableServer: true,
      serverTLSBootstrap: false,
      protectKernelDefaults: false,
      makeIPTablesUtilChains: false,
      localStorageCapacityIsolation: true,
    },
    null,
    2,
  )}\n`;
}

export interface KubeProxyPorts {
  readonly healthzPort: number;
  readonly metricsPort: number;
}

export function kubeProxyConfig(kubeconfig: string, ports: KubeProxyPorts): string {
  return `${JSON.stringify(
    {
      apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
      kind: 'KubeProxyConfiguration',
      clientConnection: { kubeconfig },
      hostnameOverride: REAL_NODE,
      mode: 'iptables',
      clusterCIDR: POD_CIDR,
      bindAddress: '127.0.0.1',
      healthzBindAddress: `127.0.0.1:${ports.healthzPort}`,
      metricsBindAddress: `127.0.0.1:${ports.metricsPort}`,
      // NodePorts only on the node's bridge, never on the machine's own interfaces.
      nodePortAddresses: [`${NODE_IP}/32`],
      // Leave the machine's conntrack and route_localnet sysctls alone.
      conntrack: { maxPerCore: 0, min: 0 },
      iptables: { localhostNodePorts: false, syncPeriod: '10s', minSyncPeriod: '0s' },
    },
    null,
    2,
  )}\n`;
}
