import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cgroupBlocker } from './cluster-preflight.ts';

describe('cgroupBlocker: the cgroups the kubelet needs', () => {
  const root = () => mkdtempSync(join(tmpdir(), 'cgroup-'));

  it('says why when neither cgroup v2 nor the v1 controllers are mounted', () => {
    const r = root();
    mkdirSync(join(r, 'cpu'));
    try {
      assert.match(cgroupBlocker(r) ?? '', /no cgroup v2 .* no cgroup v1 memory, pids controller/);
    } finally {
      rmSync(r, { recursive: true });
    }
  });

  it('accepts cgroup v2 (cgroup.controllers) and cgroup v1 with cpu, memory and pids', () => {
    const v2 = root();
    const v1 = root();
    writeFileSync(join(v2, 'cgroup.controllers'), 'cpu memory pids\n');
    for (const c of ['cpu', 'memory', 'pids']) mkdirSync(join(v1, c));
    try {
      assert.equal(cgroupBlocker(v2), undefined);
      assert.equal(cgroupBlocker(v1), undefined);
    } finally {
      rmSync(v2, { recursive: true });
      rmSync(v1, { recursive: true });
    }
  });
});
