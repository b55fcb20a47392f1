/**
 * The capacity run: one replica (ours started locally, or --base-url), the knee finder with
 * real k6, then advice for a peak or a suite's profile. Everything it starts is stopped by PID.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  advise,
  assessMachine,
  findCapacity,
  machineBefore,
  noisy,
  k6Ladder,
  peakProfile,
  profileFromOptions,
  type Advice,
  type CapacityResult,
  type MachineAssessment,
  type RatePoint,
} from '@loadlab/capacity';
import { inspectSuite, newTestid, resolveK6 } from '@loadlab/k6-runner';
import { startCrocodileApi, type RunningApi } from '@loadlab/local-stack';
import { CROCODILE_API_MAIN, WORKSPACE_ROOT, WORKSPACE_K6 } from '@loadlab/workspace';
import { SCALING_POLICY } from '@loadlab/scaling';
import { loadSlo } from '@loadlab/verdict';
import type { CapacityOptions } from './capacity-options.ts';
import { capacityHtml, type CapacityRun } from './capacity-report.ts';

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

export async function runCapacity(
  o: CapacityOptions,
  signal?: AbortSignal,
): Promise<CapacityRunResult> {
  const id = newTestid('capacity');
  const outDir = resolve(o.outDir ?? join(WORKSPACE_ROOT, 'reports/capacity', id));
  await mkdir(outDir, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), `loadlab-capacity-${randomUUID().slice(0, 8)}-`));
  let api: RunningApi | undefined;
  let run: CapacityRun;
  let exitCode: 0 | 1 | 2;
  const sloRaw = await loadSlo(o.sloFile).catch((err: Error) => err);
  const slo = sloRaw instanceof Error ? { p95Ms: 0, maxErrorRate: 0 } : sloRaw;
  try {
    if (sloRaw instanceof Error) throw sloRaw;
    let capacity: number | null = o.capacity ?? null;
    let result: CapacityResult | undefined;
    let machine: MachineAssessment | undefined;
    let target = o.baseUrl ?? 'crocodile-api (local)';
    if (o.capacity === undefined) {
      resolveK6(process.env, WORKSPACE_K6.localK6);
      if (!o.baseUrl) {
        api = await startCrocodileApi({
          main: CROCODILE_API_MAIN,
          dbFile: join(work, 'db.json'),
          logFile: join(outDir, 'api.log'),
          env: { MIN_DELAY_MS: String(o.apiDelay[0]), MAX_DELAY_MS: String(o.apiDelay[1]) },
        });
        target = `crocodile-api pid ${api.proc.pid} on ${api.url}`;
        log(`started ${target}`);
      }
      // Before anything of ours loads the machine: is it quiet enough to measure on?
      const before = await machineBefore(3, api?.proc.pid);
      const beforeNoise = noisy(before, { before: true });
      log(
        `machine before the search: ${before.cores} cores, ${(before.idleShare * 100).toFixed(0)}% idle, others ${before.outsideCores.toFixed(2)} cores, load average ${before.load1.toFixed(1)}${beforeNoise.length ? ` — NOISY: ${beforeNoise.join('; ')}` : ''}`,
      );
      const measure = k6Ladder({
        ...WORKSPACE_K6,
        baseUrl: o.baseUrl ?? api!.url,
        slo,
        plateauSeconds: o.plateauSeconds,
        outDir,
        testid: id,
        signal,
        watchMachine: { apiPid: api?.proc.pid },
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
      result = await findCapacity(measure, {
        startRate: o.startRate,
        maxRate: o.maxRate,
        maxRounds: o.maxRounds,
      });
      capacity = result.capacity;
      machine = assessMachine(before, result.rounds);
    }
    let advice: Advice | undefined;
    let sizedFor: string | undefined;
    // An unsettled figure, or one from a noisy machine, is reported, never sized from: pass
    // --capacity=N to advise anyway.
    const trusted = capacity !== null && (result?.stable ?? true) && (machine?.reliable ?? true);
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
      reason:
        result?.reason ??
        (machine && !machine.reliable ? `noisy machine: ${machine.reasons.join('; ')}` : undefined),
    };
    exitCode = trusted ? 0 : 1;
    // Figures k6 reported that are not numbers in their domain: not a finding, a run that failed.
    const unsound = result?.rounds
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
      reason: `could not run: ${(err as Error).message}`,
    };
    exitCode = 2;
  } finally {
    await api?.stop();
    await rm(work, { recursive: true, force: true });
  }
  const files = { json: join(outDir, 'capacity.json'), html: join(outDir, 'report.html') };
  await writeFile(files.json, `${JSON.stringify(run, null, 2)}\n`);
  await writeFile(files.html, capacityHtml(run));
  return { run, files, exitCode };
}
