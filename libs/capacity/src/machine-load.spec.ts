/**
 * Issue 28 points 2 and 3: who used the CPU during a plateau. The figures come from /proc; the
 * real specs start CPU hogs (a child of this process, the "API", and one outside the run) and
 * check that each is attributed to its role.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startProcess, type Proc } from '@loadlab/process-supervisor';
import {
  generatorBound,
  noisy,
  parseCpuLine,
  parseProcStat,
  roles,
  sampleCpu,
  windowBetween,
  type CpuSample,
} from './machine-load.ts';

const sample = (t: number, o: Partial<CpuSample> = {}): CpuSample => ({
  t,
  total: 0,
  idle: 0,
  steal: 0,
  k6: 0,
  api: 0,
  self: 0,
  load1: 0,
  ...o,
});

/** 10 s on 2 cores at 100 jiffies/s: 2000 jiffies in all. */
function window(o: {
  idle: number;
  k6: number;
  api?: number;
  self?: number;
  steal?: number;
  load1?: number;
}) {
  return windowBetween(
    sample(0, { api: o.api === undefined ? 0 : 1 }),
    sample(10_000, {
      total: 2000,
      idle: o.idle,
      k6: o.k6,
      api: o.api === undefined ? 0 : 1 + o.api,
      self: o.self ?? 0,
      steal: o.steal ?? 0,
      load1: o.load1 ?? 0,
    }),
    2,
  );
}

describe('reading /proc', () => {
  it('a stat line whose comm holds spaces and parentheses', () => {
    const p = parseProcStat(
      '4242 (k6 (x) y) S 17 4242 17 0 -1 4194560 1 0 0 0 150 25 0 0 20 0 12 0',
    );
    assert.deepEqual(p, { pid: 4242, ppid: 17, comm: 'k6 (x) y', ticks: 175 });
  });
  it('the cpu line: total, idle + iowait, steal', () =>
    assert.deepEqual(
      parseCpuLine('cpu  100 5 50 800 20 0 5 20 0 0\ncpu0 1 1 1 1 1 1 1 1 0 0'),
      [1000, 820, 20],
    ));
  it('roles: k6 under us, the API tree, the rest of our tree; strangers count for no one', () => {
    const p = (pid: number, ppid: number, comm: string, ticks: number) => ({
      pid,
      ppid,
      comm,
      ticks,
    });
    const all = [
      p(10, 1, 'node', 5),
      p(11, 10, 'k6', 100),
      p(12, 10, 'node', 40), // the API
      p(13, 12, 'sh', 2), // a child of the API
      p(14, 10, 'esbuild', 3),
      p(99, 1, 'stress', 500),
    ];
    assert.deepEqual(roles(all, 10, 12), { k6: 100, api: 42, self: 8 });
  });
});

describe('generator-bound and noisy, on the documented bounds', () => {
  it('a breaking plateau with no idle CPU and an API below one core: generator-bound', () =>
    assert.match(
      generatorBound(window({ idle: 100, k6: 1200, api: 500 }))!,
      /5% idle CPU \(k6 1\.20, API 0\.50/,
    ));
  it('the API at a full core is the bottleneck itself, even with no idle CPU left', () =>
    assert.equal(generatorBound(window({ idle: 100, k6: 900, api: 950 })), null));
  it('k6 on nearly every core is saturated, whatever else', () =>
    assert.match(generatorBound(window({ idle: 300, k6: 1850 }))!, /k6 used 1\.85 of 2 cores/));
  it('idle CPU left and k6 not saturated: the server was the limit', () =>
    assert.equal(generatorBound(window({ idle: 800, k6: 600, api: 500 })), null));
  it('ceilings from cgroups: k6 at its quota is saturated; an API at its pod limit is the bottleneck', () => {
    const w = (o: { idle: number; k6: number; api: number }, c: { k6?: number; api?: number }) =>
      windowBetween(
        sample(0, { api: 1 }),
        sample(10_000, { total: 2000, idle: o.idle, k6: o.k6, api: 1 + o.api }),
        2,
        c,
      );
    // k6 with 0.05 CPU, using all of it: the generator, not the server, gave out.
    assert.match(
      generatorBound(w({ idle: 1500, k6: 48, api: 100 }, { k6: 0.05 }))!,
      /k6 used 0\.05 cores, 96% of its cgroup's CPU quota of 0\.05/,
    );
    assert.equal(generatorBound(w({ idle: 1500, k6: 48, api: 100 }, {})), null);
    // No idle CPU, the API at 0.24 of its 0.25 CPU limit: the pod's limit is the knee.
    assert.equal(generatorBound(w({ idle: 50, k6: 300, api: 240 }, { api: 0.25 })), null);
    // ... but at 0.1 of it, the machine starved the API: not a knee.
    assert.match(
      generatorBound(w({ idle: 50, k6: 300, api: 100 }, { api: 0.25 }))!,
      /the machine had 3% idle CPU/,
    );
  });
  it('noisy: other processes over a quarter of the cores, steal over 5%, load before the run', () => {
    assert.deepEqual(noisy(window({ idle: 1000, k6: 300, api: 300, self: 50 })), []);
    assert.match(
      noisy(window({ idle: 600, k6: 300, api: 300 })).join(),
      /other processes used 0\.80 of 2 cores/,
    );
    assert.match(noisy(window({ idle: 1500, k6: 100, steal: 200 })).join(), /CPU steal 10%/);
    assert.deepEqual(noisy(window({ idle: 1900, k6: 0, load1: 5 })), []);
    assert.match(
      noisy(window({ idle: 1900, k6: 0, load1: 5 }), { before: true }).join(),
      /load average 5\.0 on 2 cores/,
    );
  });
});

describe('on this machine, with real CPU hogs', () => {
  const hog = ['-e', 'const end = Date.now() + 30000; while (Date.now() < end);'];
  const started: Proc[] = [];
  let stranger: number | undefined;
  after(async () => {
    for (const p of started) await p.stop();
    if (stranger) process.kill(stranger, 'SIGKILL');
  });
  /** A process's own CPU in cores between two moments, from its /proc stat. */
  const ticks = async (pid: number) =>
    parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'))!.ticks;

  it(
    'a hog outside the run counts as outside, not as ours: the machine is noisy',
    { timeout: 60_000 },
    async () => {
      // sh starts the hog in the background and exits: the hog is no longer our descendant.
      const sh = startProcess('sh', [
        '-c',
        `${process.execPath} ${hog.map((a) => `'${a}'`).join(' ')} >/dev/null 2>&1 & echo $!`,
      ]);
      started.push(sh);
      await sh.exited;
      stranger = Number(/^(\d+)$/m.exec(sh.output())![1]);
      const a = await sampleCpu();
      const t0 = await ticks(stranger);
      await sleep(2000);
      const b = await sampleCpu();
      const hogCores = (await ticks(stranger)) - t0;
      const w = windowBetween(a, b);
      const hogShare = hogCores / ((b.total - a.total) / w.cores);
      const detail = `${JSON.stringify(w)}, hog ${hogShare.toFixed(2)} cores`;
      assert.ok(hogShare > 0.05, detail);
      assert.ok(w.outsideCores >= hogShare * 0.9, detail);
      assert.ok(w.selfCores < hogShare, detail);
      assert.match(noisy(w).join(), /other processes used/, detail);
    },
  );
  it(
    'a hog we started counts as ours, and one named as the API counts as the API',
    { timeout: 60_000 },
    async () => {
      const api = startProcess(process.execPath, hog, { name: 'api-hog' });
      const ours = startProcess(process.execPath, hog, { name: 'our-hog' });
      started.push(api, ours);
      const a = await sampleCpu(api.pid);
      const [apiT0, oursT0] = [await ticks(api.pid), await ticks(ours.pid)];
      await sleep(2000);
      const b = await sampleCpu(api.pid);
      const [apiTicks, oursTicks] = [
        (await ticks(api.pid)) - apiT0,
        (await ticks(ours.pid)) - oursT0,
      ];
      const w = windowBetween(a, b);
      const detail = `${JSON.stringify(w)}; api ${apiTicks}, ours ${oursTicks} jiffies`;
      const jiffiesPerCore = (b.total - a.total) / w.cores;
      assert.ok(apiTicks > 0 && oursTicks > 0, detail);
      // The sampler's own reads land between ours, so allow 10%.
      assert.ok(
        Math.abs(w.apiCores! - apiTicks / jiffiesPerCore) <=
          0.1 * (apiTicks / jiffiesPerCore) + 0.02,
        detail,
      );
      assert.ok(w.selfCores >= (oursTicks / jiffiesPerCore) * 0.9, detail);
    },
  );
});
