/**
 * What the real node's files promise, for any node folder: everything it writes stays in that
 * folder, and nothing listens beyond loopback and the node's own bridge. These are properties of
 * the files, not their values restated; real-node.e2e.ts proves the node itself.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  cniConfList,
  containerdConfig,
  kubeletConfig,
  kubeProxyConfig,
  NODE_IP,
  POD_CIDR,
  realNodePaths,
} from './real-node-config.ts';

/** What the node may read from the machine: the CNI plugins and the host's resolver. */
const MACHINE_PATHS = ['/usr/lib/cni', '/etc/resolv.conf'];

/** Every absolute path in a file's text (also inside unix:// endpoints), comments aside. */
const pathsIn = (text: string) =>
  [...text.replace(/^\s*#.*$/gm, '').matchAll(/(?<=["'\s=]|unix:\/\/)(\/[\w.\-/]+)/g)].map(
    (m) => m[1]!,
  );

const inSubnet = (ip: string, cidr: string) => {
  const [net, bits] = cidr.split('/');
  const n = (a: string) => a.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(n(ip) / size) === Math.floor(n(net!) / size);
};

const nodeRoot = fc
  .array(fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,8}$/), { minLength: 1, maxLength: 4 })
  .map((parts) => `/${parts.join('/')}/node`);

const files = (root: string) => {
  const p = realNodePaths(root);
  return {
    p,
    containerd: containerdConfig(p),
    cni: cniConfList(p),
    kubelet: kubeletConfig(p, { port: 40001, healthzPort: 40002 }),
    kubeProxy: kubeProxyConfig(`${root}/kube-proxy.kubeconfig`, {
      healthzPort: 40003,
      metricsPort: 40004,
    }),
  };
};

describe('real node config', () => {
  it('everything the node writes stays in its own folder, for any folder', () => {
    fc.assert(
      fc.property(nodeRoot, (root) => {
        const f = files(root);
        for (const [name, text] of Object.entries(f).filter(([k]) => k !== 'p')) {
          for (const path of pathsIn(text as string)) {
            const ok =
              path.startsWith(`${f.p.root}/`) ||
              MACHINE_PATHS.some((m) => path === m || path.startsWith(`${m}/`));
            assert.ok(ok, `${name} names ${path}, outside ${f.p.root}`);
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('nothing listens beyond loopback and the node bridge; the bridge is the pods’ gateway', () => {
    const f = files('/tmp/lc-x/node');
    // containerd: unix sockets only, no TCP listener at all.
    assert.doesNotMatch(f.containerd, /\d+\.\d+\.\d+\.\d+/);
    const listeners = (c: Record<string, unknown>) =>
      Object.entries(c)
        .filter(([k]) => /^(address|bindAddress|\w+BindAddress)$/.test(k))
        .map(([, v]) => String(v).replace(/:\d+$/, ''));
    const kubelet = JSON.parse(f.kubelet) as Record<string, unknown>;
    const proxy = JSON.parse(f.kubeProxy) as Record<string, unknown> & {
      nodePortAddresses: string[];
    };
    const addresses = [
      ...listeners(kubelet),
      ...listeners(proxy),
      ...proxy.nodePortAddresses.map((a) => a.split('/')[0]!),
    ];
    assert.ok(addresses.length >= 5, addresses.join());
    for (const a of addresses) assert.ok(a === '127.0.0.1' || a === NODE_IP, a);
    // The node's address is the bridge's, inside the pod subnet the CNI hands out, as its gateway.
    assert.ok(inSubnet(NODE_IP, POD_CIDR));
    const range = (
      JSON.parse(f.cni) as {
        plugins: { ipam?: { ranges: { subnet: string; gateway: string }[][] } }[];
      }
    ).plugins.find((x) => x.ipam)!.ipam!.ranges[0]![0]!;
    assert.equal(range.subnet, POD_CIDR);
    assert.equal(range.gateway, NODE_IP);
  });
});
