import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterDnsObjects, COREDNS_IMAGE } from './cluster-dns.ts';
import { SERVICE_CIDR } from './control-plane.ts';
import { CLUSTER_DNS_IP, kubeletConfig, realNodePaths } from './real-node-config.ts';

type Obj = { kind: string; metadata: { name: string }; spec?: any; data?: any };

describe('cluster DNS on the real node', () => {
  const objects = clusterDnsObjects('v9.9.9') as Obj[];
  const service = objects.find((o) => o.kind === 'Service')!;
  const deployment = objects.find((o) => o.kind === 'Deployment')!;

  it("the kubelet's resolver for pods is the kube-dns Service's ClusterIP, inside the service range", () => {
    const kubelet = JSON.parse(
      kubeletConfig(realNodePaths('/tmp/x'), { port: 1, healthzPort: 2 }),
    ) as { clusterDNS: string[]; clusterDomain: string };
    assert.deepEqual(kubelet.clusterDNS, [CLUSTER_DNS_IP]);
    assert.equal(service.spec.clusterIP, CLUSTER_DNS_IP);
    assert.equal(service.metadata.name, 'kube-dns');
    const [net] = SERVICE_CIDR.split('/');
    assert.equal(
      CLUSTER_DNS_IP.split('.').slice(0, 3).join('.'),
      net!.split('.').slice(0, 3).join('.'),
    );
    assert.match(
      objects.find((o) => o.kind === 'ConfigMap')!.data.Corefile,
      new RegExp(`kubernetes ${kubelet.clusterDomain} `),
    );
  });

  it('CoreDNS runs the pinned image, never pulled, and answers only for the cluster (no forwarder)', () => {
    const c = deployment.spec.template.spec.containers[0];
    assert.equal(c.image, COREDNS_IMAGE('v9.9.9'));
    assert.notEqual(c.imagePullPolicy, 'Always');
    const corefile = objects.find((o) => o.kind === 'ConfigMap')!.data.Corefile as string;
    assert.doesNotMatch(corefile, /\bforward\b/);
    // Its readiness is what deployClusterDns waits for: the ready plugin on the probed port.
    assert.equal(c.readinessProbe.httpGet.port, Number(/ready :(\d+)/.exec(corefile)![1]));
  });
});
