/**
 * Sections 1 and 2: GET throughput and latency. All contenders run at once
 * (idle ones cost nothing), and each round measures them one after the other,
 * one endpoint at a time, forwards in even rounds and backwards in odd ones:
 * neighbours in the list are always measured back to back, so the ratio of
 * two contenders is taken within each round (pairedRatio), which cancels most
 * of what the rest of the machine does to a whole round, and neither is always first.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SEED_DB, type Contender, type Running } from './contenders.ts';
import type { BenchSettings } from './settings.ts';
import { summarize, type Summary } from './stats.ts';
import { processCpuMs } from './process-cpu.ts';
import { wrk, type WrkResult, type WrkRun } from './wrk.ts';

export const GET_ENDPOINTS = ['/crocodiles', '/crocodiles/1'] as const;
export type GetEndpoint = (typeof GET_ENDPOINTS)[number];

export interface GetMeasure {
  readonly rps: Summary;
  /** req/s of each round, in round order. */
  readonly runs: readonly number[];
  /** The contender's CPU time per request, µs (NaN without /proc). */
  readonly cpuUs: Summary;
  readonly cpuRuns: readonly number[];
  readonly p50Ms: Summary;
  readonly p99Ms: Summary;
  /** Over all rounds; anything but 0 makes the row suspect. */
  readonly errors: number;
}

export type GetResults = ReadonlyMap<string, Readonly<Record<GetEndpoint, GetMeasure>>>;

/** a / b within each round, then the median and spread over the rounds. */
export function pairedRatio(a: readonly number[], b: readonly number[]): Summary {
  return summarize(a.map((x, i) => x / b[i]!));
}

export type Measured = WrkResult & { readonly cpuUsPerRequest: number };

export function measure(runs: readonly Measured[]): GetMeasure {
  return {
    rps: summarize(runs.map((r) => r.rps)),
    runs: runs.map((r) => r.rps),
    cpuUs: summarize(runs.map((r) => r.cpuUsPerRequest)),
    cpuRuns: runs.map((r) => r.cpuUsPerRequest),
    p50Ms: summarize(runs.map((r) => r.latencyMs.p50)),
    p99Ms: summarize(runs.map((r) => r.latencyMs.p99)),
    errors: runs.reduce((a, r) => a + r.errors, 0),
  };
}

/** A wrk run and the CPU time the contender's process spent serving it. */
export async function wrkWithCpu(target: { pid: number }, run: WrkRun): Promise<Measured> {
  const before = processCpuMs(target.pid);
  const result = await wrk(run);
  const after = processCpuMs(target.pid);
  const cpuUsPerRequest =
    before === undefined || after === undefined || !result.requests
      ? NaN
      : ((after - before) * 1000) / result.requests;
  return { ...result, cpuUsPerRequest };
}

/** A contender that answers with other data would make its figure meaningless. */
async function assertSameData(c: Contender, url: string): Promise<void> {
  const seed = JSON.parse(await readFile(SEED_DB, 'utf8')) as { crocodiles: unknown[] };
  const get = async (path: string) => (await (await fetch(`${url}${path}`)).json()) as unknown;
  assert.deepEqual(await get('/crocodiles'), seed.crocodiles, `${c.label}: GET /crocodiles`);
  assert.deepEqual(await get('/crocodiles/1'), seed.crocodiles[0], `${c.label}: GET /crocodiles/1`);
}

export async function measureGets(
  contenders: readonly Contender[],
  s: BenchSettings,
  dir: string,
  script: string,
  log: (line: string) => void,
): Promise<GetResults> {
  const running = new Map<Contender, Running>();
  try {
    for (const c of contenders) {
      const r = await c.start({ dir: join(dir, c.id) });
      running.set(c, r);
      await assertSameData(c, r.url);
    }
    const run = (c: Contender, path: string, durationS: number) =>
      wrkWithCpu(running.get(c)!, { url: `${running.get(c)!.url}${path}`, durationS, script });

    if (s.warmupS > 0) {
      log(`warm-up: ${s.warmupS} s per contender and endpoint`);
      for (const c of contenders) for (const path of GET_ENDPOINTS) await run(c, path, s.warmupS);
    }
    const runs = new Map(
      contenders.map((c) => [c, { list: [] as Measured[], item: [] as Measured[] }]),
    );
    for (let round = 0; round < s.rounds; round++) {
      log(`round ${round + 1}/${s.rounds}`);
      const order = round % 2 ? [...contenders].reverse() : contenders;
      for (const c of order) runs.get(c)!.list.push(await run(c, GET_ENDPOINTS[0], s.durationS));
      for (const c of order) runs.get(c)!.item.push(await run(c, GET_ENDPOINTS[1], s.durationS));
    }
    return new Map(
      contenders.map((c) => {
        const r = runs.get(c)!;
        return [c.id, { '/crocodiles': measure(r.list), '/crocodiles/1': measure(r.item) }];
      }),
    );
  } finally {
    await Promise.allSettled([...running.values()].map((r) => r.stop()));
  }
}
