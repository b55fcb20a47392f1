/**
 * In-cluster DNS and API access for pods on the real node, so our manifests' in-cluster names
 * (prometheus.monitoring.svc.cluster.local, kubernetes.default.svc) work unmodified:
 *
 * - the API server listens on 127.0.0.1 only, so pods reach it through a TCP relay on the node's
 *   bridge address, published as the `kubernetes` Service's endpoint (the API server's own
 *   reconciler is off: it may not publish a loopback address). Its certificate already names
 *   10.0.0.1 and kubernetes.default.svc;
 * - CoreDNS (built here from its Go module, COREDNS_VERSION) as the kube-dns Service at
 *   CLUSTER_DNS_IP, which the kubelet gives every pod as its resolver. It answers for
 *   cluster.local only: nothing here resolves names beyond the cluster.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { Kubectl } from './kubectl.ts';
import { CLUSTER_DNS_IP, NODE_IP } from './real-node-config.ts';

export const COREDNS_IMAGE = (version: string) => `registry.k8s.io/coredns/coredns:${version}`;
const NS = 'kube-system';

const COREFILE = `.:53 {
    errors
    health :8080
    ready :8181
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
        ttl 30
    }
    cache 30
    loop
    reload
}
`;

/** CoreDNS's objects, as kubeadm deploys it (minus the upstream forwarder). */
export function clusterDnsObjects(version: string): object[] {
  const labels = { 'k8s-app': 'kube-dns' };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: NS } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:coredns' },
      rules: [
        {
          apiGroups: [''],
          resources: ['endpoints', 'services', 'pods', 'namespaces'],
          verbs: ['list', 'watch'],
        },
        {
          apiGroups: ['discovery.k8s.io'],
          resources: ['endpointslices'],
          verbs: ['list', 'watch'],
        },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'system:coredns' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'system:coredns',
      },
      subjects: [{ kind: 'ServiceAccount', name: 'coredns', namespace: NS }],
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'coredns', namespace: NS },
      data: { Corefile: COREFILE },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'coredns', namespace: NS, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: 'coredns',
            dnsPolicy: 'Default',
            containers: [
              {
                name: 'coredns',
                image: COREDNS_IMAGE(version),
                imagePullPolicy: 'IfNotPresent',
                args: ['-conf', '/etc/coredns/Corefile'],
                ports: [
                  { name: 'dns', containerPort: 53, protocol: 'UDP' },
                  { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                ],
                readinessProbe: { httpGet: { path: '/ready', port: 8181 }, periodSeconds: 2 },
                livenessProbe: { httpGet: { path: '/health', port: 8080 }, periodSeconds: 10 },
                resources: {
                  requests: { cpu: '50m', memory: '32Mi' },
                  limits: { memory: '128Mi' },
                },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
                  readOnlyRootFilesystem: true,
                },
                volumeMounts: [{ name: 'config', mountPath: '/etc/coredns', readOnly: true }],
              },
            ],
            volumes: [{ name: 'config', configMap: { name: 'coredns' } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kube-dns', namespace: NS, labels },
      spec: {
        selector: labels,
        clusterIP: CLUSTER_DNS_IP,
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        ],
      },
    },
  ];
}

export interface ApiRelay {
  /** NODE_IP:<port>, the `kubernetes` Service's endpoint. */
  readonly address: string;
  stop(): Promise<void>;
}

/**
 * A TCP relay from the node's bridge address to the API server on loopback, published as the
 * endpoint of the `kubernetes` Service (default namespace), so in-cluster clients in pods work.
 */
export async function relayApiToPods(o: { kubectl: Kubectl; server: string }): Promise<ApiRelay> {
  const target = new URL(o.server);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, NODE_IP, resolve);
  });
  const port = (server.address() as { port: number }).port;
  const close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  // A relay nobody can find is useless, and its open socket would keep the caller alive.
  await o
    .kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: 'kubernetes',
          namespace: 'default',
          labels: {
            'kubernetes.io/service-name': 'kubernetes',
            'endpointslice.kubernetes.io/managed-by': 'local-cluster.loadlab.dev',
          },
        },
        addressType: 'IPv4',
        endpoints: [{ addresses: [NODE_IP], conditions: { ready: true } }],
        ports: [{ name: 'https', port, protocol: 'TCP' }],
      }),
    )
    .catch(async (err: unknown) => {
      await close();
      throw err;
    });
  return {
    address: `${NODE_IP}:${port}`,
    stop: close,
  };
}

/** Deploys CoreDNS and waits, bounded, for it to be Ready. Needs the API relay for its watch. */
export async function deployClusterDns(kubectl: Kubectl, version: string): Promise<void> {
  await kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: clusterDnsObjects(version) }),
  );
  await kubectl(['-n', NS, 'rollout', 'status', 'deployment/coredns', '--timeout=120s']);
}
