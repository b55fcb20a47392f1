/**
 * nx run cluster-e2e:bench-runner-pods [--duration=15]
 * Beside the generators row of docs/benchmarks.md section 6: k6-operator runner pods on the real
 * node instead of local k6 processes: 1, 2 and 4 runners split one closed-loop load (40 VUs in
 * all, no think time, GET /crocodiles/1) with the operator's execution segments, against one
 * crocodile-api pod (its ScaledObject removed, so the target stays the same). Requests are what
 * the runners remote-wrote; k6's CPU is read from each runner pod's cgroup on this machine
 * (real-runners/pod-cpu.ts: cAdvisor's 5 s scrape misses a runner's last, busiest seconds).
 * Writes reports/bench/runner-pods.json and prints the Markdown row (docs/benchmarks-runner-pods.md).
 * Root; one real node at a time.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseOptionValues, wholeNumberOption } from '@loadlab/input';
import { WORKSPACE_ROOT } from '@loadlab/workspace';
import { APP } from '@loadlab/e2e-fixtures';
import { PodCpuSampler } from './real-runners/pod-cpu.ts';
import { NS, runnersSkip, startRunnerSession } from './real-runners/session.ts';
import { z } from 'zod';

const COUNTS = [1, 2, 4] as const;
const VUS = 40;
const SCRIPTS = 'bench-scripts';
const SCRIPT = `import http from 'k6/http';
export const options = { vus: ${VUS}, duration: __ENV.DURATION };
export default function () { http.get(__ENV.URL); }
`;

const { values } = parseArgs({ options: { duration: { type: 'string', default: '15' } } });
const durationS = (() => {
  try {
    return parseOptionValues(z.object({ duration: wholeNumberOption('duration', 5, 120) }), values)
      .duration;
  } catch (err) {
    console.error(`${(err as Error).message} (seconds)`);
    return process.exit(2);
  }
})();
const skip = runnersSkip();
if (skip) {
  console.error(`bench-runner-pods: could not run: ${skip}`);
  process.exit(2);
}

const t0 = Date.now();
const log = (m: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0)} s] ${m}`);
const loadAtStart = loadavg();
const s = await startRunnerSession(log);
const rows: {
  runners: number;
  requests: number;
  rps: number;
  cpuUsPerRequest: number | null;
  /** Each runner pod's CPU seconds, k6's start-up and end included (a fixed cost per pod). */
  cpuSecondsPerPod: number[];
  failed: number;
}[] = [];
try {
  // One fixed target: no autoscaling during the bench.
  await s.cluster.kubectl(['-n', NS, 'delete', 'scaledobject', APP, '--wait=true']);
  await s.cluster.kubectl(['-n', NS, 'scale', 'deployment', APP, '--replicas=1']);
  await s.cluster.kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: SCRIPTS, namespace: NS },
      data: { 'generators.js': SCRIPT },
    }),
  );
  const q1 = async (expr: string) => (await s.prom.api.query(expr))[0]?.value ?? NaN;
  for (const n of COUNTS) {
    const name = `bench-runners-${n}`;
    const start = new Date();
    const cpu = new PodCpuSampler(s.cluster.kubectl, NS, `k6_cr=${name},runner=true`);
    cpu.start();
    const testid = await s.applyTestRun(
      name,
      n,
      {
        URL: `${s.baseUrl}/crocodiles/1`,
        DURATION: `${durationS}s`,
        K6_NO_CONNECTION_REUSE: 'false',
      },
      { name: SCRIPTS, file: 'generators.js' },
    );
    const r = await s.finish(name, testid, start, 300_000);
    if (r.stages.at(-1) !== 'finished') throw new Error(`${name}: ${r.stages.join(' -> ')}`);
    await new Promise((ok) => setTimeout(ok, 12_000)); // the last scrape and push
    const sel = `testid="${testid}"`;
    const requests = await q1(`sum(last_over_time(k6_http_reqs_total{${sel}}[15m]))`);
    const failed =
      (await q1(
        `sum(last_over_time(k6_http_reqs_total{${sel},expected_response="false"}[15m]))`,
      )) || 0;
    const perPod = await cpu.stop();
    // Every runner pod read, or no figure: a missing pod would make k6 look cheaper than it is.
    const cpuS =
      perPod.size === n && cpu.unread().length === 0
        ? [...perPod.values()].reduce((a, b) => a + b, 0)
        : NaN;
    if (Number.isNaN(cpuS))
      log(`${name}: CPU read for ${perPod.size} of ${n} runner pods (${cpu.unread().join(', ')})`);
    const row = {
      runners: n,
      requests,
      rps: requests / durationS,
      cpuUsPerRequest: cpuS > 0 && requests > 0 ? (cpuS * 1e6) / requests : null,
      cpuSecondsPerPod: [...perPod.values()].map((x) => Math.round(x * 1000) / 1000),
      failed,
    };
    rows.push(row);
    log(
      `${n} runner pod(s): ${row.rps.toFixed(0)} req/s, k6 CPU ${row.cpuUsPerRequest?.toFixed(0) ?? '?'} µs/request (${row.cpuSecondsPerPod.join(', ')} s per pod), ${failed} failed`,
    );
    await s.cluster.kubectl(['-n', NS, 'delete', 'testrun', name, '--wait=true']);
  }
} finally {
  await s.stop();
}
const report = {
  date: new Date().toISOString(),
  durationS,
  vus: VUS,
  target: 'one crocodile-api pod on the real node, GET /crocodiles/1',
  loadAverage: { start: loadAtStart, end: loadavg() },
  rows,
};
const out = join(WORKSPACE_ROOT, 'reports/bench');
await mkdir(out, { recursive: true });
await writeFile(join(out, 'runner-pods.json'), JSON.stringify(report, null, 2));
const one = rows[0]!.rps;
console.log(
  '\n| runner pods | requests/s, all together | vs one | k6 CPU µs per request | failed |',
);
console.log('| ----------- | -----------------------: | -----: | --------------------: | -----: |');
for (const r of rows)
  console.log(
    `| ${r.runners} | ${r.rps.toFixed(0)} | ${(r.rps / one).toFixed(2)}× | ${r.cpuUsPerRequest?.toFixed(0) ?? 'n/a'} | ${r.failed} |`,
  );
console.log(
  `\nload average at start ${loadAtStart.map((l) => l.toFixed(2)).join(', ')}; at end ${report.loadAverage.end.map((l) => l.toFixed(2)).join(', ')}`,
);
