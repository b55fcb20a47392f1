/**
 * Soak bench (not a CI test): moderate load for N minutes against one
 * crocodile-api, sampling its RSS and heap from /metrics every 5 s.
 *   node apps/reliability-e2e/src/soak.ts --minutes=10      (the bench; RSS growth must stay < 10%)
 * CI runs it for one minute (soak.spec.ts) so it keeps working.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { apiUnderTest } from '@loadlab/e2e-fixtures';
import { numberOption, parseOptionValues } from '@loadlab/input';
import { runSuite } from '@loadlab/k6-runner';
import { WORKSPACE_K6 } from '@loadlab/workspace';
import { findSamples, parsePrometheusText } from '@loadlab/testkit';
import { z } from 'zod';

export interface SoakResult {
  readonly minutes: number;
  readonly requests: number;
  readonly failedRate: number;
  /** [seconds, RSS MiB, heap MiB] */
  readonly samples: readonly (readonly [number, number, number])[];
  /** RSS of the last quarter against the second quarter (after warm-up), in percent. */
  readonly rssGrowthPercent: number;
}

const SOAK_FULL_MINUTES = 22; // the soak suite's full shape: 1m up, 20m steady, 1m down
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function soak(minutes: number): Promise<SoakResult> {
  const target = await apiUnderTest({ prefix: 'soak-' });
  const { api } = target;
  const samples: [number, number, number][] = [];
  const started = Date.now();
  const sample = async () => {
    const s = parsePrometheusText(await (await fetch(`${api.url}/metrics`)).text());
    const mib = (name: string) => (findSamples(s, name)[0]?.value ?? 0) / 1024 / 1024;
    samples.push([
      (Date.now() - started) / 1000,
      mib('process_resident_memory_bytes'),
      mib('nodejs_heap_size_used_bytes'),
    ]);
  };
  const timer = setInterval(() => void sample().catch(() => undefined), 5000);
  try {
    await sample();
    const run = await runSuite({
      ...WORKSPACE_K6,
      suite: 'soak',
      baseUrl: api.url,
      outDir: join(target.dir, 'k6'),
      timeScale: minutes / SOAK_FULL_MINUTES,
      vuScale: 0.2,
    });
    await sample();
    const q = Math.max(1, Math.floor(samples.length / 4));
    const warm = median(samples.slice(q, 2 * q).map((x) => x[1]));
    const last = median(samples.slice(-q).map((x) => x[1]));
    const m = run.summary?.metrics;
    return {
      minutes,
      requests: m?.http_reqs?.values.count ?? 0,
      failedRate: m?.http_req_failed?.values.rate ?? 1,
      samples,
      rssGrowthPercent: warm ? ((last - warm) / warm) * 100 : 0,
    };
  } finally {
    clearInterval(timer);
    await target.close();
  }
}

export function soakTable(r: SoakResult): string {
  const rows = r.samples.filter((_, i) => i % 12 === 0 || i === r.samples.length - 1);
  return [
    '| t (s) | RSS (MiB) | heap (MiB) |',
    '|---:|---:|---:|',
    ...rows.map(([t, rss, heap]) => `| ${t.toFixed(0)} | ${rss.toFixed(1)} | ${heap.toFixed(1)} |`),
  ].join('\n');
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' } } });
  let minutes: number;
  try {
    ({ minutes } = parseOptionValues(
      z.object({ minutes: numberOption('minutes', 1, 120) }),
      values,
    ));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const r = await soak(minutes);
  console.log(soakTable(r));
  console.log(
    `\nsoak ${minutes} min: ${r.requests} requests, ${(r.failedRate * 100).toFixed(2)}% failed, RSS growth ${r.rssGrowthPercent.toFixed(1)}% (must stay < 10%)`,
  );
  process.exit(r.rssGrowthPercent < 10 && r.failedRate < 0.01 ? 0 : 1);
}
