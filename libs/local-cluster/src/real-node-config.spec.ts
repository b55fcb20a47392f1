/** The real node's files keep it on this machine's bridge and inside its own folder. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cniConfList,
  containerdConfig,
  kubeletConfig,
  kubeProxyConfig,
  NODE_BRIDGE,
  NODE_IP,
  PAUSE_IMAGE,
  POD_CIDR,
  realNodePaths,
} from './real-node-config.ts';

const p = realNodePaths('/tmp/lc-x/node');

describe('real node config', () => {
  it('containerd: its own root, state and socket, the stand-in pause image, cgroupfs, no TCP', () => {
    const toml = containerdConfig(p);
    assert.match(toml, /^root = "\/tmp\/lc-x\/node\/containerd\/root"$/m);
    assert.match(toml, /^state = "\/tmp\/lc-x\/node\/containerd\/state"$/m);
    assert.match(toml, /address = "\/tmp\/lc-x\/node\/containerd\/containerd.sock"/);
    assert.match(toml, new RegExp(`sandbox_image = "${PAUSE_IMAGE}"`));
    assert.match(toml, /SystemdCgroup = false/);
    assert.match(toml, /netns_mounts_under_state_dir = true/);
    assert.doesNotMatch(toml, /\d+\.\d+\.\d+\.\d+:\d+/, 'no TCP listener');
  });

  it('CNI: one bridge, the pod subnet, leases inside the node folder', () => {
    const conf = JSON.parse(cniConfList(p)) as {
      plugins: {
        type: string;
        bridge?: string;
        ipam?: { dataDir: string; ranges: { subnet: string }[][] };
      }[];
    };
    const bridge = conf.plugins.find((x) => x.type === 'bridge')!;
    assert.equal(bridge.bridge, NODE_BRIDGE);
    assert.equal(bridge.ipam!.ranges[0]![0]!.subnet, POD_CIDR);
    assert.ok(bridge.ipam!.dataDir.startsWith(p.root));
  });

  it('kubelet: cgroup v1 allowed, cgroupfs, listens only on the node bridge and loopback', () => {
    const c = JSON.parse(kubeletConfig(p, { port: 40001, healthzPort: 40002 })) as Record<
      string,
      unknown
    >;
    assert.equal(c.failCgroupV1, false);
    assert.equal(c.cgroupDriver, 'cgroupfs');
    assert.equal(c.address, NODE_IP);
    assert.equal(c.healthzBindAddress, '127.0.0.1');
    assert.equal(c.readOnlyPort, 0);
    assert.equal(c.containerRuntimeEndpoint, `unix://${p.containerdSocket}`);
    assert.ok(String(c.podLogsDir).startsWith(p.root));
  });

  it('kube-proxy: iptables, NodePorts only on the node bridge, host sysctls left alone', () => {
    const c = JSON.parse(kubeProxyConfig('/k', { healthzPort: 1, metricsPort: 2 })) as {
      mode: string;
      nodePortAddresses: string[];
      bindAddress: string;
      conntrack: { maxPerCore: number };
      iptables: { localhostNodePorts: boolean };
    };
    assert.equal(c.mode, 'iptables');
    assert.deepEqual(c.nodePortAddresses, [`${NODE_IP}/32`]);
    assert.equal(c.bindAddress, '127.0.0.1');
    assert.equal(c.conntrack.maxPerCore, 0);
    assert.equal(c.iptables.localhostNodePorts, false);
  });
});
