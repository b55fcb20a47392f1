/**
 * Issue 28 point 4: the search measures what the cgroup gives. A server that burns a fixed CPU time
 * per request, under a CPU quota of 0.25 and then of 1 CPU (the crocodile-api pod's request and
 * limit), must give capacities in the ratio 1:4 (±15%), with the real k6 and the knee finder.
 *
 * On a 2-core machine shared with other jobs the 1-CPU case must really get its core: the server's
 * and k6's groups get a high CPU weight (the quota still caps the server). If the server still did
 * not reach its quota where it broke, the machine, not the quota, set the figure: the test says so
 * and is skipped, naming the figures; a figure where the quota was reached is always judged.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { resolveK6 } from '@loadlab/k6-runner';
import { startProcess, type Proc } from '@loadlab/process-supervisor';
import { WORKSPACE_K6 } from '@loadlab/workspace';
import { cgroupLauncher, createPodCgroup, type PodCgroup } from './cgroup.ts';
import { k6Ladder } from './k6-ladder.ts';
import { findCapacity, type CapacityResult } from './knee-finder.ts';
import { k6InCgroup } from './test-support.ts';
import { cgroupSkip } from './cgroup-skip.fixture.ts';

const BURN_MS = 8;
/** The server's share of its quota, at the plateaus that broke, for the figure to be the quota's. */
const AT_QUOTA = 0.85;
const SERVER = fileURLToPath(new URL('./cpu-bound-server.fixture.ts', import.meta.url));

/** Median of the API's CPU over its ceiling at every plateau that broke. */
function shareAtBreaks(r: CapacityResult, quota: number): number | null {
  const at = r.rounds
    .flatMap((round) => round.result.plateaus)
    .filter((p) => p.outcome === 'breaks' && p.machine?.apiCores != null)
    .map((p) => p.machine!.apiCores! / Math.min(1, quota))
    .sort((a, b) => a - b);
  return at.length ? at[at.length >> 1]! : null;
}

describe('capacity under a CPU quota of 0.25 and of 1 CPU: 1:4', { skip: cgroupSkip() }, () => {
  let dir: string;
  let serverGroup: PodCgroup;
  let k6Group: PodCgroup;
  let server: Proc;
  let url: string;
  let k6: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-cpu-proof-'));
    serverGroup = createPodCgroup('loadlab-proof-server', {
      cpu: 0.25,
      memoryBytes: 256 * 2 ** 20,
      cpuWeight: 10_000,
    });
    k6Group = createPodCgroup('loadlab-proof-generator', {
      cpu: null,
      memoryBytes: null,
      cpuWeight: 10_000,
    });
    k6 = await k6InCgroup(k6Group, resolveK6(process.env, WORKSPACE_K6.localK6), dir);
    const { command, args } = cgroupLauncher(serverGroup);
    server = startProcess(command, [...args, process.execPath, SERVER], {
      env: { ...process.env, BURN_MS: String(BURN_MS) },
      name: 'cpu-bound-server',
    });
    url = (await server.waitForOutput(/listening (http:\/\/127\.0\.0\.1:\d+)/, 20_000))[1]!;
  });
  after(async () => {
    await server?.stop();
    serverGroup?.remove();
    k6Group?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  let tries = 0;
  const search = (quota: number) => {
    const run = `q${quota}-${++tries}`;
    serverGroup.setCpu(quota);
    // p95 < 400 ms: at 0.25 CPU an 8 ms burn waits up to 75 ms for the next CFS period, and past
    // the knee the queue adds (overload × plateau) seconds of delay, so a 3 s plateau breaks
    // about 13% past it at both quotas alike. Short figures keep the spec near a minute and a half.
    return findCapacity(
      k6Ladder({
        bundleDir: WORKSPACE_K6.bundleDir,
        localK6: k6,
        baseUrl: url,
        slo: { p95Ms: 400, maxErrorRate: 0.01 },
        plateauSeconds: 3,
        cooldownSeconds: 2,
        outDir: join(dir, run),
        testid: `pod-cpu-proof-${run}`,
        watchMachine: { apiPid: server.pid },
      }),
      {
        startRate: 8,
        maxRate: 2000,
        fineSteps: 5,
        repeatSteps: 4,
        minRepeats: 1,
        maxRounds: 4,
      },
    );
  };

  /** Both searches; starved when the machine, not the quota, set a figure. */
  const measure = async () => {
    const quarter = await search(0.25);
    const whole = await search(1);
    const share = { quarter: shareAtBreaks(quarter, 0.25), whole: shareAtBreaks(whole, 1) };
    const summary = `0.25 CPU: ${quarter.capacity} req/s (${quarter.reason ?? 'ok'}; server at ${share.quarter?.toFixed(2)} of its quota where it broke); 1 CPU: ${whole.capacity} req/s (${whole.reason ?? 'ok'}; ${share.whole?.toFixed(2)} of its quota)`;
    console.log(summary);
    const starved = [
      quarter.generatorBoundAt ?? (share.quarter !== null && share.quarter < AT_QUOTA),
      whole.generatorBoundAt ?? (share.whole !== null && share.whole < AT_QUOTA),
    ].some(Boolean);
    return { quarter, whole, share, summary, starved };
  };

  it('finds 4× the capacity at 1 CPU as at 0.25 CPU (±15%)', { timeout: 720_000 }, async (t) => {
    // A busy moment (other CI tasks share the 2 cores) starves a try; up to 3 tries, so that a
    // skip, which fails CI, means the machine stayed too busy throughout.
    let m = await measure();
    for (let attempt = 1; attempt < 3 && m.starved; attempt++) m = await measure();
    const { quarter, whole, share, summary } = m;
    if (m.starved) {
      t.skip(`not judged, the machine was too busy for the quota to be the limit: ${summary}`);
      return;
    }
    assert.ok(quarter.capacity !== null && whole.capacity !== null, summary);
    // The quota, not the search, set each figure: the server used what it was given.
    assert.ok(share.quarter !== null && share.whole !== null, summary);
    const ratio = whole.capacity / quarter.capacity;
    assert.ok(
      Math.abs(ratio - 4) <= 4 * 0.15,
      `ratio ${ratio.toFixed(2)}, want 4 ± 15%: ${summary}`,
    );
    // And each is what 8 ms of CPU per request allows (the search finds within its overshoot).
    assert.ok(whole.capacity <= 1.15 * (1000 / BURN_MS), summary);
  });
});
