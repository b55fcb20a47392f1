/**
 * The capacity run: one replica (ours started locally, or --base-url), the knee finder with
 * real k6, then advice for a peak or a suite's profile. Everything it starts is stopped by PID.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  advise,
  cgroupLauncher,
  CgroupUnavailableError,
  createPodCgroup,
  formatCpu,
  formatMemory,
  type CapacitySlo,
  type PodCgroup,
  assessMachine,
  findCapacity,
  machineBefore,
  noisy,
  k6Ladder,
  peakProfile,
  profileFromOptions,
  type Advice,
  type RatePoint,
} from '@loadlab/capacity';
import { inspectSuite, newTestid, resolveK6 } from '@loadlab/k6-runner';
import { startCrocodileApi, type RunningApi } from '@loadlab/local-stack';
import { CROCODILE_API_MAIN, WORKSPACE_ROOT, WORKSPACE_K6 } from '@loadlab/workspace';
import { SCALING_POLICY } from '@loadlab/scaling';
import { loadSlo } from '@loadlab/verdict';
import type { CapacityOptions } from './capacity-options.ts';
import { capacityHtml, type CapacityRun, type LevelRun, type PodRun } from './capacity-report.ts';
import { loadPodSpec } from './pod-manifest.ts';

export interface CapacityRunResult {
  readonly run: CapacityRun;
  readonly files: { readonly json: string; readonly html: string };
  /** 0 stable figure with advice, 1 no stable figure, 2 could not run. */
  readonly exitCode: 0 | 1 | 2;
}

const log = (s: string) => process.stdout.write(`${s}\n`);

async function loadProfile(
  o: CapacityOptions,
): Promise<{ profile: RatePoint[]; sizedFor: string }> {
  if (o.peakRps !== undefined)
    return {
      profile: peakProfile(o.peakRps),
      sizedFor: `a peak of ${o.peakRps} req/s (a 60 s ramp, then held)`,
    };
  // Full length: the advice is for the real load, whatever plateau length was measured with.
  const options = await inspectSuite(
    o.forSuite,
    { BASE_URL: 'http://127.0.0.1:1', PROFILE: 'full' },
    WORKSPACE_K6,
  );
  return {
    profile: profileFromOptions(o.forSuite, options),
    sizedFor: `the ${o.forSuite} suite's full profile`,
  };
}

/** Why the advice sizes from the level it does: the words the console, JSON and report share. */
export function sizedFromWhy(level: LevelRun['level'], pod?: PodRun): string {
  const req = pod?.cpuRequest == null ? 'its request' : formatCpu(pod.cpuRequest);
  const lim = pod?.cpuLimit == null ? 'its limit' : formatCpu(pod.cpuLimit);
  const ratio =
    pod?.cpuRequest && pod.cpuLimit ? ` (${+(pod.cpuLimit / pod.cpuRequest).toFixed(2)}×)` : '';
  switch (level) {
    case 'request':
      return `a pod is guaranteed only its CPU request, ${req}; it reaches its limit, ${lim}, only while its node has CPU to spare. Sized from the request, each replica holds the threshold even on a full node`;
    case 'limit':
      return `--size-from=limit: holds only while the node leaves every replica CPU up to its limit, ${lim}; on a full node each gets its request, ${req}, and then carries more than it holds${ratio}`;
    case 'unconstrained':
      return "UNCONSTRAINED (--unconstrained): one process with the whole machine's CPU, not what a pod gets; do not size a pod from it";
    case 'as-is':
      return 'the replica at --base-url, with whatever CPU it has (loadlab does not limit it)';
  }
}

export async function runCapacity(
  o: CapacityOptions,
  signal?: AbortSignal,
): Promise<CapacityRunResult> {
  const id = newTestid('capacity');
  const outDir = resolve(o.outDir ?? join(WORKSPACE_ROOT, 'reports/capacity', id));
  await mkdir(outDir, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), `loadlab-capacity-${randomUUID().slice(0, 8)}-`));
  let api: RunningApi | undefined;
  let cgroup: PodCgroup | undefined;
  let run: CapacityRun;
  let exitCode: 0 | 1 | 2;
  let pod: PodRun | undefined;
  const levels: LevelRun[] = [];
  const sloRaw = await loadSlo(o.sloFile).catch((err: Error) => err);
  const slo = sloRaw instanceof Error ? { p95Ms: 0, maxErrorRate: 0 } : sloRaw;
  try {
    if (sloRaw instanceof Error) throw sloRaw;
    let capacity: number | null = o.capacity ?? null;
    let chosen: LevelRun | undefined;
    let target = o.baseUrl ?? 'crocodile-api (local)';
    if (o.capacity === undefined) {
      resolveK6(process.env, WORKSPACE_K6.localK6);
      if (!o.baseUrl) {
        // The pod's own settings, from the rendered manifest: the API runs under them.
        const spec = await loadPodSpec(o);
        if (!o.unconstrained) {
          try {
            cgroup = createPodCgroup('loadlab-capacity', {
              cpu: null,
              memoryBytes: spec.memoryLimit,
            });
          } catch (err) {
            if (!(err instanceof CgroupUnavailableError)) throw err;
            throw new Error(
              `cannot run the API as the pod gets it: ${err.message}. Run as root on a machine with cgroups, or pass --unconstrained for an unconstrained process (marked so, not a pod's figure)`,
            );
          }
        }
        pod = { ...spec, cgroup: cgroup?.version ?? null, constrained: !!cgroup };
        const memory =
          spec.memoryLimit === null
            ? 'no memory limit'
            : `memory.max ${formatMemory(spec.memoryLimit)}`;
        log(
          `pod ${spec.deployment}/${spec.container} from ${spec.source}: CPU request ${spec.cpuRequest === null ? 'none' : formatCpu(spec.cpuRequest)}, limit ${spec.cpuLimit === null ? 'none' : formatCpu(spec.cpuLimit)}; memory request ${spec.memoryRequest === null ? 'none' : formatMemory(spec.memoryRequest)}, limit ${spec.memoryLimit === null ? 'none' : formatMemory(spec.memoryLimit)}`,
        );
        log(
          cgroup
            ? `the API runs in cgroup ${cgroup.version} ${cgroup.dirs.join(' and ')} (${memory})`
            : "UNCONSTRAINED (--unconstrained): the API runs without the pod's limits; its figure is not a pod's",
        );
        const launcher = cgroup && cgroupLauncher(cgroup);
        api = await startCrocodileApi({
          main: CROCODILE_API_MAIN,
          dbFile: join(work, 'db.json'),
          logFile: join(outDir, 'api.log'),
          env: { MIN_DELAY_MS: String(o.apiDelay[0]), MAX_DELAY_MS: String(o.apiDelay[1]) },
          launcher: launcher ? [launcher.command, ...launcher.args] : undefined,
        });
        target = `crocodile-api pid ${api.proc.pid} on ${api.url}`;
        log(`started ${target}`);
      }
      const plan: { level: LevelRun['level']; cpu: number | null }[] = cgroup
        ? o.cpuLevels.map((level) => ({
            level,
            cpu: level === 'request' ? pod!.cpuRequest : pod!.cpuLimit,
          }))
        : [{ level: o.baseUrl ? 'as-is' : 'unconstrained', cpu: null }];
      for (const [i, step] of plan.entries()) {
        if (signal?.aborted) break;
        if (cgroup) {
          if (step.cpu === null) {
            levels.push({
              ...step,
              capacity: null,
              reason: `the Deployment sets no CPU ${step.level}`,
            });
            continue;
          }
          cgroup.setCpu(step.cpu);
          log(
            `\n== at the pod's CPU ${step.level}: ${formatCpu(step.cpu)} (${cgroup.version === 'v2' ? 'cpu.max' : 'cpu.cfs_quota_us'}) ==`,
          );
        }
        // The last ladder ended past the knee: the replica drains its queue first.
        if (i > 0)
          await sleep(o.plateauSeconds * 1000, undefined, { signal }).catch(() => undefined);
        levels.push(
          await searchLevel(o, step, slo, {
            id: `${id}-${step.level}`,
            outDir: join(outDir, step.level),
            api,
            cgroup,
            signal,
          }),
        );
      }
      // Stopped between two searches: the run is incomplete, whatever the first one found.
      if (signal?.aborted) throw new Error('interrupted: the search is incomplete');
      chosen = levels.find((l) => l.level === o.sizeFrom) ?? levels[0];
      capacity = chosen?.capacity ?? null;
    }
    const result = chosen?.result;
    const machine = chosen?.machine;
    let advice: Advice | undefined;
    let sizedFor: string | undefined;
    // An unsettled figure, or one from a noisy machine, is reported, never sized from: pass
    // --capacity=N to advise anyway.
    const trusted =
      capacity !== null &&
      (result?.stable ?? true) &&
      (machine?.reliable ?? true) &&
      !chosen?.oomKills;
    if (trusted && capacity !== null) {
      const p = await loadProfile(o);
      sizedFor = p.sizedFor;
      advice = advise({
        capacity,
        profile: p.profile,
        current: SCALING_POLICY,
        targetUtilization: o.targetUtilization,
        replay: { podReadySeconds: o.podReadySeconds },
      });
    }
    run = {
      id,
      target,
      slo,
      plateauSeconds: o.plateauSeconds,
      result,
      capacity,
      advice,
      sizedFor,
      machine,
      pod,
      levels: levels.length ? levels : undefined,
      sizedFrom: chosen
        ? { level: chosen.level, cpu: chosen.cpu, why: sizedFromWhy(chosen.level, pod) }
        : undefined,
      reason: chosen?.reason,
    };
    exitCode = trusted ? 0 : 1;
    // Figures k6 reported that are not numbers in their domain: not a finding, a run that failed.
    const unsound = levels
      .flatMap((l) => l.result?.rounds ?? [])
      .flatMap((r) => r.result.plateaus)
      .find((p) => p.outcome === 'not-measured' && p.why.startsWith('unsound figures'));
    if (unsound && !trusted) {
      run = { ...run, reason: `could not run: ${unsound.why} at ${unsound.rate} req/s` };
      exitCode = 2;
    }
  } catch (err) {
    run = {
      id,
      target: o.baseUrl ?? 'crocodile-api (local)',
      slo,
      plateauSeconds: o.plateauSeconds,
      capacity: null,
      pod,
      levels: levels.length ? levels : undefined,
      reason: `could not run: ${(err as Error).message}`,
    };
    exitCode = 2;
  } finally {
    await api?.stop();
    // After the API: a group is removed once empty (remove() moves any straggler out first).
    cgroup?.remove();
    await rm(work, { recursive: true, force: true });
  }
  const files = { json: join(outDir, 'capacity.json'), html: join(outDir, 'report.html') };
  await writeFile(files.json, `${JSON.stringify(run, null, 2)}\n`);
  await writeFile(files.html, capacityHtml(run));
  return { run, files, exitCode };
}

/** One search at one CPU level: the machine first, then the knee finder with real k6. */
async function searchLevel(
  o: CapacityOptions,
  step: { level: LevelRun['level']; cpu: number | null },
  slo: CapacitySlo,
  ctx: {
    id: string;
    outDir: string;
    api?: RunningApi;
    cgroup?: PodCgroup;
    signal?: AbortSignal;
  },
): Promise<LevelRun> {
  const apiPid = ctx.api?.proc.pid;
  const oomBefore = ctx.cgroup?.oomKills() ?? 0;
  // Before anything of ours loads the machine: is it quiet enough to measure on?
  const before = await machineBefore(3, apiPid);
  const beforeNoise = noisy(before, { before: true });
  log(
    `machine before the search: ${before.cores} cores, ${(before.idleShare * 100).toFixed(0)}% idle, others ${before.outsideCores.toFixed(2)} cores, load average ${before.load1.toFixed(1)}${beforeNoise.length ? ` — NOISY: ${beforeNoise.join('; ')}` : ''}`,
  );
  const measure = k6Ladder({
    ...WORKSPACE_K6,
    baseUrl: o.baseUrl ?? ctx.api!.url,
    slo,
    plateauSeconds: o.plateauSeconds,
    outDir: ctx.outDir,
    testid: ctx.id,
    signal: ctx.signal,
    watchMachine: { apiPid },
    onLadder: (round, rates) =>
      log(
        `round ${round}: ${rates.length} plateaus of ${o.plateauSeconds} s, ${rates[0]}-${rates.at(-1)} req/s (at most ${rates.length * o.plateauSeconds} s)`,
      ),
    onResult: (round, r) => {
      const broke = r.plateaus.find(
        (p) => p.outcome === 'breaks' || p.outcome === 'generator-bound',
      );
      log(
        `round ${round}: knee ${r.knee ?? 'below the ladder'}${broke ? `; ${broke.rate} req/s ${broke.outcome === 'breaks' ? 'breaks' : 'is GENERATOR-BOUND, not a knee'}: ${broke.why}` : r.inconclusive ? '; inconclusive' : '; nothing broke'}`,
      );
    },
  });
  const result = await findCapacity(measure, {
    startRate: o.startRate,
    maxRate: o.maxRate,
    maxRounds: o.maxRounds,
  });
  const machine = assessMachine(before, result.rounds);
  const oomKills = (ctx.cgroup?.oomKills() ?? 0) - oomBefore;
  const reason = oomKills
    ? `the API was killed for memory ${oomKills} time(s) at its limit: the pod would be OOM-killed at this load`
    : (result.reason ??
      (machine.reliable ? undefined : `noisy machine: ${machine.reasons.join('; ')}`));
  log(
    `at the ${step.level}${step.cpu === null ? '' : ` (${formatCpu(step.cpu)})`}: ${result.capacity === null ? 'no figure' : `${result.capacity} req/s${result.stable ? '' : ' (not stable)'}`}${reason ? ` — ${reason}` : ''}`,
  );
  return {
    ...step,
    result,
    capacity: result.capacity,
    machine,
    ...(ctx.cgroup ? { oomKills } : {}),
    ...(reason ? { reason } : {}),
  };
}
