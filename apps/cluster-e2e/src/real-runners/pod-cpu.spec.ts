import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { podCgroupCpuSeconds } from './pod-cpu.ts';

describe('podCgroupCpuSeconds', () => {
  const root = mkdtempSync(join(tmpdir(), 'pod-cpu-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const write = (dir: string, file: string, text: string) => {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, file), text);
  };

  it('reads cgroup v2 usage_usec under the pod QoS class directory', () => {
    write('kubepods/besteffort/poda', 'cpu.stat', 'usage_usec 2500000\nuser_usec 2000000\n');
    write('kubepods/podg', 'cpu.stat', 'usage_usec 1000\n');
    assert.equal(podCgroupCpuSeconds({ name: 'a', uid: 'a', qosClass: 'BestEffort' }, root), 2.5);
    assert.equal(podCgroupCpuSeconds({ name: 'g', uid: 'g', qosClass: 'Guaranteed' }, root), 0.001);
  });

  it("reads cgroup v1 cpuacct.usage in nanoseconds, and a gone pod's cgroup as undefined", () => {
    write('cpuacct/kubepods/burstable/podb', 'cpuacct.usage', '1500000000\n');
    assert.equal(podCgroupCpuSeconds({ name: 'b', uid: 'b', qosClass: 'Burstable' }, root), 1.5);
    assert.equal(
      podCgroupCpuSeconds({ name: 'x', uid: 'x', qosClass: 'Burstable' }, root),
      undefined,
    );
  });
});
