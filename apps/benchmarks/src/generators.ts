/**
 * Section 6: how much load k6 itself can make here, and what splitting it
 * buys. N = 1, 2 and 4 k6 processes split one closed-loop load (the same VUs,
 * no think time) with execution segments, exactly as `--parallelism=N` and the
 * k6-operator do, against raw node:http, the cheapest server there is. The
 * figures are the requests per second all of them reached together and k6's
 * CPU time per request (all its threads, from /proc, sampled while it runs):
 * the rate one core of k6 drives, and the evidence behind "past this rate,
 * use more generators (the k6-operator)".
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { segmentArgs, segments, resolveK6 } from '@loadlab/k6-runner';
import { startProcess } from '@loadlab/process-supervisor';
import { LOCAL_K6 } from '@loadlab/workspace';
import { rawNode } from './contenders.ts';
import { processCpuMs } from './process-cpu.ts';
import type { BenchSettings } from './settings.ts';

export const GENERATOR_COUNTS = [1, 2, 4] as const;
/** Virtual users in all, split over the generators. */
export const GENERATOR_VUS = 40;

export interface GeneratorRow {
  readonly generators: number;
  readonly rps: number;
  readonly requests: number;
  /** k6 CPU (all generators) per request, µs. */
  readonly cpuUsPerRequest: number | null;
  readonly failed: number;
}

const SCRIPT = `import http from 'k6/http';
export const options = { vus: ${GENERATOR_VUS}, duration: __ENV.DURATION, summaryTrendStats: ['p(95)'] };
export default function () { http.get(__ENV.URL); }
export function handleSummary(d) {
  return { [__ENV.OUT]: JSON.stringify({ reqs: d.metrics.http_reqs.values.count, failed: d.metrics.http_req_failed.values.passes }) };
}
`;

export async function measureGenerators(
  s: BenchSettings,
  dir: string,
  log: (line: string) => void,
): Promise<GeneratorRow[]> {
  const k6 = resolveK6(process.env, LOCAL_K6);
  const script = join(dir, 'generators.js');
  await writeFile(script, SCRIPT);
  const server = await rawNode.start({ dir: join(dir, 'generators-server') });
  const durationS = s.mode === 'smoke' ? 2 : 10;
  const rows: GeneratorRow[] = [];
  try {
    for (const n of GENERATOR_COUNTS) {
      log(`   ${n} k6 process(es), ${GENERATOR_VUS} VUs in all, ${durationS} s`);
      const started = Date.now();
      const procs = segments(n, (i) => `g${i}`).map((seg) =>
        startProcess(k6, ['run', '--quiet', '--no-color', ...segmentArgs(seg), script], {
          name: `k6 ${seg.instance}`,
          env: {
            ...process.env,
            K6_NO_USAGE_REPORT: 'true',
            URL: `${server.url}/crocodiles/1`,
            DURATION: `${durationS}s`,
            OUT: join(dir, `generators-${n}-${seg.index}.json`),
          },
        }),
      );
      // CPU read while each runs (the last sample misses at most its last 100 ms).
      const cpu = procs.map(() => 0);
      const sampler = setInterval(() => {
        procs.forEach((p, i) => (cpu[i] = processCpuMs(p.pid) ?? cpu[i]!));
      }, 100);
      const codes = await Promise.all(procs.map((p) => p.exited));
      clearInterval(sampler);
      const seconds = (Date.now() - started) / 1000;
      if (codes.some((c) => c !== 0))
        throw new Error(
          `k6 exited ${codes.join(', ')}: ${procs
            .map((p) => p.output())
            .join('\n')
            .slice(-2000)}`,
        );
      const results = await Promise.all(
        procs.map(
          async (_, i) =>
            JSON.parse(await readFile(join(dir, `generators-${n}-${i}.json`), 'utf8')) as {
              reqs: number;
              failed: number;
            },
        ),
      );
      const requests = results.reduce((t, r) => t + r.reqs, 0);
      const cpuMs = cpu.reduce((t, c) => t + c, 0);
      rows.push({
        generators: n,
        requests,
        // k6's own duration, not the process's start-up and summary.
        rps: requests / durationS,
        cpuUsPerRequest: cpuMs > 0 && requests > 0 ? (cpuMs * 1000) / requests : null,
        failed: results.reduce((t, r) => t + r.failed, 0),
      });
      log(`   ${n}: ${(requests / durationS).toFixed(0)} req/s in ${seconds.toFixed(1)} s`);
    }
  } finally {
    await server.stop();
  }
  return rows;
}
