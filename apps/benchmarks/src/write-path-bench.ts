/**
 * The write-path figures of the bench alone (issue 17 point 8), for a quick
 * look between full runs: GET before (crocodile-api and bare json-server side
 * by side), then the 60 s POST burst of each and GET by id after it. Prints
 * the four targets; docs/benchmarks.md still comes from `nx run benchmarks:bench`.
 *   node apps/benchmarks/src/write-path-bench.ts [--smoke]
 */
import { makeTempDir } from '@loadlab/testkit';
import { bareJsonServer, crocodileApi } from './contenders.ts';
import { measureGets, pairedRatio } from './get-throughput.ts';
import { parseSettings } from './settings.ts';
import { writeWrkScripts } from './wrk.ts';
import { writesBurst } from './writes-burst.ts';

const log = (line: string) => process.stderr.write(`[write-path] ${line}\n`);
const s = { ...parseSettings(process.argv.slice(2)), demo: false, profiles: false };
const tmp = await makeTempDir('loadlab-write-path-');
try {
  const scripts = await writeWrkScripts(tmp.path);
  const gets = await measureGets([crocodileApi, bareJsonServer], s, tmp.path, scripts.report, log);
  const api = await writesBurst(crocodileApi, s, tmp.path, scripts, log);
  const bare = await writesBurst(bareJsonServer, s, tmp.path, scripts, log);
  const g = (id: string, p: '/crocodiles' | '/crocodiles/1') => gets.get(id)![p];
  const before = api.getBefore.rps.median;
  const figures = {
    'last 10 s / first 10 s (≥ 0.80)': api.lastRate / api.firstRate,
    'whole burst vs bare json-server (≥ 5×)': api.meanRate / bare.meanRate,
    'GET /crocodiles/:id after / before (≥ 0.8×)': api.getAfter.rps.median / before,
    'GET /crocodiles vs bare (≥ 1.0×)': pairedRatio(
      g('crocodile-api', '/crocodiles').runs,
      g('json-server', '/crocodiles').runs,
    ).median,
    'GET /crocodiles/1 vs bare (≥ 1.0×)': pairedRatio(
      g('crocodile-api', '/crocodiles/1').runs,
      g('json-server', '/crocodiles/1').runs,
    ).median,
  };
  for (const [k, v] of Object.entries(figures)) console.log(`${k}: ${v.toFixed(2)}`);
  console.log(
    `crocodile-api: ${api.firstRate.toFixed(0)} → ${api.lastRate.toFixed(0)} writes/s, mean ${api.meanRate.toFixed(0)}, ${api.items} items, ${(api.dbBytes / 1024).toFixed(0)} KiB, errors ${api.errors}; per second ${api.perSecond.join(' ')}`,
  );
  console.log(
    `json-server: ${bare.firstRate.toFixed(0)} → ${bare.lastRate.toFixed(0)} writes/s, mean ${bare.meanRate.toFixed(0)}, ${bare.items} items; GET by id after ${bare.getAfter.rps.median.toFixed(0)}`,
  );
  console.log(
    `GET /crocodiles/1 before ${before.toFixed(0)}, after ${api.getAfter.rps.median.toFixed(0)} req/s; load average ${(
      await import('node:os')
    )
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await tmp.remove();
}
