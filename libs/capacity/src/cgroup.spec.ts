/**
 * The pod's cgroup on this machine: a process started through the launcher is inside from its
 * first instruction, its CPU ceiling is the quota, and remove() leaves nothing behind even with
 * the process still running. Skipped, saying why, without root or cgroups.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { startProcess } from '@loadlab/process-supervisor';
import {
  cgroupLauncher,
  cpuCeiling,
  createPodCgroup,
  parseMountinfo,
  parseProcCgroup,
} from './cgroup.ts';
import { cgroupSkip } from './cgroup-skip.fixture.ts';

describe('reading the cgroup layout', () => {
  it('mountinfo and /proc/<pid>/cgroup, v1 and v2 lines', () => {
    const m = parseMountinfo(
      '35 25 0:30 / /sys/fs/cgroup/cpu rw,relatime shared:9 - cgroup cgroup rw,cpu\n' +
        '40 25 0:35 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n',
    );
    assert.deepEqual(m[0], { dir: '/sys/fs/cgroup/cpu', fstype: 'cgroup', options: ['rw', 'cpu'] });
    assert.equal(m[1]!.fstype, 'cgroup2');
    assert.deepEqual(parseProcCgroup('4:memory:/a/b\n1:cpu,cpuacct:/\n0::/x:y\n'), [
      { controllers: ['memory'], path: '/a/b' },
      { controllers: ['cpu', 'cpuacct'], path: '/' },
      { controllers: [], path: '/x:y' },
    ]);
  });
});

describe('a pod cgroup on this machine', { skip: cgroupSkip() }, () => {
  it('the launched process is inside with the quota as its ceiling; remove() leaves nothing', async () => {
    const cg = createPodCgroup('loadlab-spec', { cpu: 0.25, memoryBytes: 64 * 2 ** 20 });
    const { command, args } = cgroupLauncher(cg);
    const p = startProcess(command, [
      ...args,
      process.execPath,
      '-e',
      'setTimeout(() => {}, 30000)',
    ]);
    try {
      await new Promise((r) => setTimeout(r, 300));
      const own = readFileSync(`/proc/${p.pid}/cgroup`, 'utf8');
      const leaf = cg.dirs[0]!.split('/').at(-1)!;
      assert.match(own, new RegExp(leaf), own);
      assert.equal(cpuCeiling(p.pid, 2), 0.25);
      cg.setCpu(1);
      assert.equal(cpuCeiling(p.pid, 2), 1);
      assert.equal(cpuCeiling(process.pid, 2) > 1, true, 'this process is not limited');
      assert.equal(cg.oomKills(), 0);
      // Removed with the process still running: it is moved out first.
      cg.remove();
      for (const d of cg.dirs) assert.equal(existsSync(d), false, d);
      assert.doesNotMatch(readFileSync(`/proc/${p.pid}/cgroup`, 'utf8'), new RegExp(leaf));
      cg.remove();
    } finally {
      cg.remove();
      await p.stop();
    }
  });
  it('the memory limit is enforced: a process that outgrows it is killed, and counted', async () => {
    const cg = createPodCgroup('loadlab-spec', { cpu: null, memoryBytes: 64 * 2 ** 20 });
    try {
      const { command, args } = cgroupLauncher(cg);
      // Touches 256 MiB, page by page, then would say so.
      const grow =
        'const a = []; for (let i = 0; i < 256; i++) a.push(Buffer.alloc(2 ** 20, 1)); console.log("survived")';
      const p = startProcess(command, [...args, process.execPath, '-e', grow]);
      const code = await p.exited;
      assert.equal(code, 'SIGKILL', p.output());
      assert.doesNotMatch(p.output(), /survived/);
      assert.ok(cg.oomKills() >= 1, `oom kills ${cg.oomKills()}`);
    } finally {
      cg.remove();
    }
  });
});
