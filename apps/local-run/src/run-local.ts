/**
 * loadlab's main job on one machine: start the real stack, drive load, judge
 * the run, write the report, and stop everything it started, by PID, whatever happens.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  bundlePath,
  inspectSuite,
  newTestid,
  plannedSeconds,
  resolveK6,
  runDistributed,
  runSuite,
  suiteEnv,
  type DistributedRunResult,
  type SuiteRunResult,
} from '@loadlab/k6-runner';
import {
  startCrocodileApi,
  startInfluxdb,
  startPrometheus,
  type RunningApi,
  type RunningInfluxdb,
  type RunningPrometheus,
} from '@loadlab/local-stack';
import { assertPortFree, requireBinary, waitFor } from '@loadlab/process-supervisor';
import { WORKSPACE_ROOT, CROCODILE_API_MAIN, WORKSPACE_K6 } from '@loadlab/workspace';
import { APP_JOB, localPrometheusConfig } from '@loadlab/prometheus-config';
import {
  evaluate,
  DEFAULT_REQUIRED,
  loadSlo,
  sloAsK6Env,
  writeReports,
  type ReportFiles,
  type Slo,
  type Verdict,
} from '@loadlab/verdict';
import type { LocalRunOptions } from './options.ts';
import { Progress } from './progress.ts';

export interface LocalRunResult {
  readonly verdict: Verdict;
  readonly files: ReportFiles;
  readonly outDir: string;
  readonly wallSeconds: number;
}

/**
 * The last scrape normally comes within the local 1 s interval; after a load shorter than
 * Prometheus' 5 s discovery delay, the first scrape is that one.
 */
const FINAL_SCRAPE_TIMEOUT_MS = 10_000;

export async function runLocal(o: LocalRunOptions, signal?: AbortSignal): Promise<LocalRunResult> {
  const started = Date.now();
  const testid = newTestid(o.suite);
  const outDir = resolve(o.outDir ?? join(WORKSPACE_ROOT, 'reports/runs', testid));
  const work = await mkdtemp(join(tmpdir(), `loadlab-${randomUUID().slice(0, 8)}-`));
  const progress = new Progress(7);
  let api: RunningApi | undefined;
  let prom: RunningPrometheus | undefined;
  let influx: RunningInfluxdb | undefined;
  let slo: Slo | undefined;
  let verdict: Verdict;
  const couldNotRun = (reason: string, run?: SuiteRunResult | DistributedRunResult): Verdict => ({
    status: 'could-not-run',
    reason,
    run: {
      suite: o.suite,
      testid,
      start: new Date(started).toISOString(),
      end: new Date().toISOString(),
      target: api?.url ?? 'crocodile-api',
    },
    slo: slo ?? {
      p95Ms: 0,
      p99Ms: 0,
      maxErrorRate: 0,
      minChecksRate: 0,
      required: DEFAULT_REQUIRED,
    },
    checks: [],
    hints: [],
    outputErrors: run?.outputErrors,
  });

  // Each step starts only if the run was not stopped (SIGINT/SIGTERM) during the one before.
  const phase = (name: string, expectedSeconds?: number) => {
    signal?.throwIfAborted();
    progress.phase(name, expectedSeconds);
  };
  try {
    phase('checking tools, ports and config');
    slo = await loadSlo(o.sloFile);
    requireBinary('prometheus', 'apt-get install -y prometheus (./loadlab setup does it)');
    if (o.influxdb)
      requireBinary('influxd', 'apt-get install -y influxdb (./loadlab setup does it)');
    resolveK6(process.env, WORKSPACE_K6.localK6);
    if (!existsSync(bundlePath(WORKSPACE_K6.bundleDir, o.suite)))
      throw new Error(`no k6 bundle for ${o.suite}: run npx nx run load-tests:build`);
    if (o.apiPort) await assertPortFree(o.apiPort, 'crocodile-api (--api-port)');
    if (o.prometheusPort) await assertPortFree(o.prometheusPort, 'Prometheus (--prometheus-port)');
    if (o.influxdbPort) await assertPortFree(o.influxdbPort, 'InfluxDB (--influxdb-port)');
    await mkdir(outDir, { recursive: true });

    phase('starting crocodile-api');
    api = await startCrocodileApi({
      main: CROCODILE_API_MAIN,
      dbFile: join(work, 'db.json'),
      port: o.apiPort,
      logFile: join(outDir, 'api.log'),
      env: { MIN_DELAY_MS: String(o.apiDelay[0]), MAX_DELAY_MS: String(o.apiDelay[1]) },
      nodeArgs: o.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${join(work, 'profile')}`] : [],
    });
    progress.note(`crocodile-api pid ${api.proc.pid} on ${api.url}`);

    phase(o.influxdb ? 'starting Prometheus and InfluxDB' : 'starting Prometheus');
    prom = await startPrometheus({
      dir: join(work, 'prometheus'),
      port: o.prometheusPort,
      config: localPrometheusConfig([{ address: new URL(api.url).host, pod: 'crocodile-api-0' }]),
    });
    progress.note(`prometheus pid ${prom.proc.pid} on ${prom.url}`);
    if (o.influxdb) {
      influx = await startInfluxdb({ dir: join(work, 'influxdb'), port: o.influxdbPort });
      progress.note(`influxd pid ${influx.proc.pid} on ${influx.url}`);
    }

    // No wait for a first scrape: Prometheus' discovery sends its first targets only after
    // 5 s, and the load need not wait for it. The API's counters start at 0 with the process,
    // so a first scrape during the load still counts every request (counted from raw samples, across resets).

    const runOptions = {
      ...WORKSPACE_K6,
      suite: o.suite,
      baseUrl: api.url,
      profile: o.loadProfile,
      testid,
      outDir,
      prometheusRw: prom.remoteWriteUrl,
      influxdb: influx?.dbUrl('k6'),
      env: { ...sloAsK6Env(slo), ...o.k6Env },
      signal,
    } as const;
    const inspected = await inspectSuite(o.suite, suiteEnv(runOptions, testid), WORKSPACE_K6);
    const planned = plannedSeconds(inspected);
    const generators = o.parallelism > 1 ? `, ${o.parallelism} k6 processes` : '';
    phase(`load: ${o.suite} (${o.loadProfile}${generators}) against ${api.url}`, planned);
    const run =
      o.parallelism > 1
        ? await runDistributed({ ...runOptions, parallelism: o.parallelism })
        : await runSuite({ ...runOptions, dashboard: true });
    if (signal?.aborted)
      throw new Error(
        `interrupted (${(signal.reason as Error | undefined)?.message ?? 'Ctrl-C'}): the run is incomplete`,
      );

    // Every request k6 saw answered was counted by the API before it answered: one scrape
    // that started after k6 ended holds them all.
    phase('waiting for the final scrape', 1);
    await waitFor(
      async () =>
        ((await prom!.api.query(`timestamp(up{job="${APP_JOB}"})`))[0]?.value ?? 0) * 1000 >
        run.endedAt.getTime(),
      {
        what: 'a scrape of crocodile-api after the load',
        timeoutMs: FINAL_SCRAPE_TIMEOUT_MS,
        intervalMs: 100,
      },
    );

    phase('judging the run');
    await api.stop(); // flushes its CPU profile, if any
    const profileFile = o.cpuProfile
      ? await latestProfile(join(work, 'profile'), outDir)
      : undefined;
    verdict = await evaluate({
      run,
      thresholds: inspected.thresholds,
      prometheusUrl: prom.url,
      slo,
      target: api.url,
      cpuProfile: profileFile,
    });
  } catch (err) {
    verdict = couldNotRun((err as Error).message);
  } finally {
    progress.done();
    await Promise.allSettled([api?.stop(), prom?.stop(), influx?.stop()]);
    await rm(work, { recursive: true, force: true });
  }

  progress.phase('writing the report');
  progress.done();
  const files = await writeReports(verdict, outDir);
  return { verdict, files, outDir, wallSeconds: (Date.now() - started) / 1000 };
}

/** node --cpu-prof writes CPU.<date>.<pid>...cpuprofile on exit; keep it beside the report. */
async function latestProfile(dir: string, outDir: string): Promise<string | undefined> {
  const files = existsSync(dir)
    ? (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).sort()
    : [];
  if (!files.length) return undefined;
  const dest = join(outDir, 'api.cpuprofile');
  await copyFile(join(dir, files.at(-1)!), dest);
  return dest;
}
