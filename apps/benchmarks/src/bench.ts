/**
 * The bench: every contender side by side in one run, then the targets, CPU
 * profiles where one is missed, and docs/benchmarks.md.
 *   nx run benchmarks:bench                 the full run (about 15 minutes)
 *   nx run benchmarks:bench -- --smoke      a second per contender, what CI runs
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '@loadlab/testkit';
import { bareJsonServer, crocodileApi, GET_CONTENDERS } from './contenders.ts';
import { timeDemo, type DemoTiming } from './demo-wall-time.ts';
import { measureGenerators, type GeneratorRow } from './generators.ts';
import { measureGets } from './get-throughput.ts';
import { describeMachine, loadAverage } from './machine.ts';
import { profileMisses } from './profile-misses.ts';
import { renderReport, writeReport, type Report } from './report.ts';
import { measureScrapes } from './scrape-time.ts';
import { parseSettings, USAGE, type BenchSettings } from './settings.ts';
import { median } from './stats.ts';
import { evaluateTargets } from './targets.ts';
import { writeWrkScripts } from './wrk.ts';
import { writesBurst } from './writes-burst.ts';

export type Log = (line: string) => void;
const stderrLog: Log = (line) => process.stderr.write(`[bench] ${line}\n`);

/** Timed runs after an untimed first one (Nx cache, disk cache); the median is reported. */
const DEMO_RUNS = 3;

async function timeDemoRuns(log: Log): Promise<DemoTiming | string> {
  try {
    log('5. the local demo: a first run, then the timed ones');
    await timeDemo();
    const runs: DemoTiming[] = [];
    for (let i = 0; i < DEMO_RUNS; i++) {
      const run = await timeDemo();
      runs.push(run);
      log(`   demo run ${i + 1}/${DEMO_RUNS}: ${run.overheadS.toFixed(1)} s without the load`);
    }
    const m = median(runs.map((r) => r.overheadS));
    return runs.reduce((a, b) => (Math.abs(b.overheadS - m) < Math.abs(a.overheadS - m) ? b : a));
  } catch (err) {
    // The other sections stand on their own; say why this one is missing.
    return `the demo failed: ${(err as Error).message.split('\n')[0]}`;
  }
}

/** Everything measured, as JSON (Maps as objects), for a closer look than the tables give. */
async function keepResults(report: Report, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const json = JSON.stringify(
    report,
    (_key, value: unknown) => (value instanceof Map ? Object.fromEntries(value) : value),
    2,
  );
  await writeFile(join(dir, 'results.json'), `${json}\n`);
}

export async function runBench(
  s: BenchSettings,
  log: Log = stderrLog,
): Promise<Report & { markdown: string }> {
  const started = Date.now();
  const machine = describeMachine();
  const tmp = await makeTempDir('loadlab-bench-');
  try {
    const scripts = await writeWrkScripts(tmp.path);
    log(`1-2. GET: ${GET_CONTENDERS.length} contenders, ${s.rounds} rounds of ${s.durationS} s`);
    const gets = await measureGets(GET_CONTENDERS, s, tmp.path, scripts.report, log);
    log(`3. writes: ${s.burstS} s of POST each`);
    const api = await writesBurst(crocodileApi, s, tmp.path, scripts, log);
    const bare = await writesBurst(bareJsonServer, s, tmp.path, scripts, log);
    log('4. /metrics scrape time');
    const scrapes = await measureScrapes(s, tmp.path, scripts.report);
    const results = { gets, writes: { api, bare }, scrapes };
    const targets = evaluateTargets(results);
    const demo = s.demo ? await timeDemoRuns(log) : 'skipped (smoke mode or --no-demo)';
    log('6. k6 generators against raw node:http');
    const generators: GeneratorRow[] | string = await measureGenerators(s, tmp.path, log).catch(
      (err: Error) => `the generators could not run: ${err.message.split('\n')[0]}`,
    );
    const profiles = s.profiles
      ? await profileMisses(targets, s, join(tmp.path, 'profiles'), scripts, log)
      : [];
    const report: Report = {
      ...results,
      settings: s,
      machine: { ...machine, loadAverageAtEnd: loadAverage() },
      targets,
      demo,
      generators,
      profiles,
      wallS: (Date.now() - started) / 1000,
    };
    await keepResults(report, s.keepDir);
    const markdown = await writeReport(s.out, renderReport(report));
    return { ...report, markdown };
  } finally {
    await tmp.remove();
  }
}

if (import.meta.main) {
  let settings: BenchSettings;
  try {
    settings = parseSettings(process.argv.slice(2));
  } catch (err) {
    console.error(`bench: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const { markdown, targets } = await runBench(settings);
  process.stdout.write(`${markdown}\n`);
  const met = targets.filter((t) => t.met).length;
  // A bench, not a gate: a missed target is a finding, so the exit code stays 0.
  console.log(`wrote ${settings.out}; ${met}/${targets.length} targets met`);
}
