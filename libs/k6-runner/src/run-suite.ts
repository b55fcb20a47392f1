/**
 * Runs one bundled k6 suite with the outputs loadlab uses and collects what it
 * produced: exit status, the JSON summary, the HTML dashboard, output errors.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { startProcess } from '@loadlab/process-supervisor';
import { K6_METRICS, K6_NATIVE_HISTOGRAMS_FEATURE } from '@loadlab/metrics';
import { SCALING_POLICY } from '@loadlab/scaling';
import { bundlePath, resolveK6, type K6Location } from './paths.ts';
import { segmentArgs, type Segment } from './segments.ts';
import { parseSummary, type K6Summary } from './summary.ts';

export interface SuiteRunOptions extends K6Location {
  readonly suite: string;
  /** The API root (BASE_URL) or the tutorial's list URL (ENDPOINT); one is required. */
  readonly baseUrl?: string;
  readonly endpoint?: string;
  readonly profile?: 'full' | 'demo' | 'ci';
  readonly timeScale?: number;
  readonly vuScale?: number;
  /** Ties this run's samples together in Prometheus and InfluxDB; generated when omitted. */
  readonly testid?: string;
  /** Where summary.json and the dashboard go. */
  readonly outDir: string;
  /** Prometheus remote-write URL, e.g. http://127.0.0.1:9090/api/v1/write */
  readonly prometheusRw?: string;
  /** InfluxDB v1 URL with database, e.g. http://127.0.0.1:8086/k6 */
  readonly influxdb?: string;
  /** Export k6's HTML web dashboard to outDir/dashboard.html. */
  readonly dashboard?: boolean;
  /** Extra -e variables, e.g. { P95_MS: '500' } or { RATE: '300' }. */
  readonly env?: Readonly<Record<string, string>>;
  readonly onOutput?: (chunk: string) => void;
  readonly signal?: AbortSignal;
  /** This process's share of the scenario when several generators split it (runDistributed). */
  readonly segment?: Segment;
}

export type RunStatus = 'passed' | 'thresholds-failed' | 'could-not-run';

export interface SuiteRunResult {
  readonly suite: string;
  readonly testid: string;
  readonly status: RunStatus;
  readonly exitCode: number | null;
  readonly summary?: K6Summary;
  readonly summaryPath: string;
  readonly dashboardPath?: string;
  /** k6 log lines about failing outputs (InfluxDB or remote write unreachable, ...). */
  readonly outputErrors: readonly string[];
  readonly output: string;
  readonly startedAt: Date;
  readonly endedAt: Date;
  /** Why the run could not run, when status is could-not-run. */
  readonly reason?: string;
}

/** k6's exit code when thresholds failed. */
export const THRESHOLDS_FAILED = 99;

/**
 * `<suite>-<UTC second>-<4 hex>`: readable, sortable, and unique even for two runs of one
 * suite started in the same second (their samples would otherwise share series).
 */
export function newTestid(suite: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  return `${suite}-${stamp}-${randomBytes(2).toString('hex')}`;
}

/**
 * The variables a run sets from its own options (target, profile, scales, testid, summary): an
 * -e of one would go around that option's check, so a run refuses it and names the option.
 */
export const RUN_OWNED_ENV: Readonly<Record<string, string>> = {
  BASE_URL: 'the base URL option',
  ENDPOINT: 'the endpoint option',
  PROFILE: 'the load profile option',
  TIME_SCALE: 'the time scale option',
  VU_SCALE: 'the VU scale option',
  TESTID: 'the testid option',
  SUMMARY_PATH: 'the output folder option',
};

/** Why an -e variable cannot be passed to a run, or undefined. */
export function ownedEnvProblem(env: Readonly<Record<string, string>> = {}): string | undefined {
  const owned = Object.keys(env).filter((k) => k in RUN_OWNED_ENV);
  return owned.length === 0
    ? undefined
    : `-e ${owned.join(', ')}: set by the run itself; use ${owned.map((k) => RUN_OWNED_ENV[k]).join(' and ')} instead`;
}

/** The -e variables a run passes to its suite. */
export function suiteEnv(
  o: Omit<SuiteRunOptions, 'outDir' | keyof K6Location>,
  testid: string,
  summaryPath?: string,
): Record<string, string> {
  const env: Record<string, string | undefined> = {
    BASE_URL: o.baseUrl,
    ENDPOINT: o.endpoint,
    PROFILE: o.profile,
    TIME_SCALE: o.timeScale?.toString(),
    VU_SCALE: o.vuScale?.toString(),
    TESTID: testid,
    SUMMARY_PATH: summaryPath,
    // scale-out sizes its rate from the scaling policy.
    SCALE_THRESHOLD: String(SCALING_POLICY.threshold),
    SCALE_MAX_REPLICAS: String(SCALING_POLICY.maxReplicas),
    ...o.env,
  };
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
  );
}

export function k6Args(o: SuiteRunOptions, testid: string, summaryPath: string): string[] {
  const args = ['run', '--quiet', '--no-color'];
  for (const [k, v] of Object.entries(suiteEnv(o, testid, summaryPath)))
    args.push('-e', `${k}=${v}`);
  if (o.segment) {
    args.push(...segmentArgs(o.segment));
    // Without a label of their own, the generators' series would collide in Prometheus. A --tag
    // replaces the script's `tags` option as a whole, so the run's own tags are given again.
    args.push('--tag', `${K6_METRICS.label.testid}=${testid}`, '--tag', `suite=${o.suite}`);
    args.push('--tag', `${K6_METRICS.label.instance}=${o.segment.instance}`);
  }
  if (o.prometheusRw) args.push('--out', 'experimental-prometheus-rw');
  if (o.influxdb) args.push('--out', `influxdb=${o.influxdb}`);
  args.push(bundlePath(o.bundleDir, o.suite));
  return args;
}

export async function runSuite(o: SuiteRunOptions): Promise<SuiteRunResult> {
  const startedAt = new Date();
  const testid = o.testid ?? newTestid(o.suite, startedAt);
  const outDir = resolve(o.outDir);
  const summaryPath = join(outDir, 'summary.json');
  const dashboardPath = o.dashboard ? join(outDir, 'dashboard.html') : undefined;
  const couldNotRun = (reason: string, output = ''): SuiteRunResult => ({
    suite: o.suite,
    testid,
    status: 'could-not-run',
    exitCode: null,
    summaryPath,
    outputErrors: [],
    output,
    startedAt,
    endedAt: new Date(),
    reason,
  });

  if (!o.baseUrl && !o.endpoint) return couldNotRun('no target: pass --base-url or --endpoint');
  const owned = ownedEnvProblem(o.env);
  if (owned) return couldNotRun(owned);
  const bundle = bundlePath(o.bundleDir, o.suite);
  if (!existsSync(bundle))
    return couldNotRun(
      `no bundle for suite "${o.suite}" at ${bundle}: run nx run load-tests:build`,
    );
  let k6: string;
  try {
    k6 = resolveK6(process.env, o.localK6);
  } catch (err) {
    return couldNotRun((err as Error).message);
  }
  await mkdir(outDir, { recursive: true });

  const env: NodeJS.ProcessEnv = { ...process.env, K6_NO_USAGE_REPORT: 'true' };
  if (o.prometheusRw) {
    env.K6_PROMETHEUS_RW_SERVER_URL = o.prometheusRw;
    // Durations as native histograms: summed across generators, they give true percentiles.
    env.K6_FEATURES = [env.K6_FEATURES, K6_NATIVE_HISTOGRAMS_FEATURE].filter(Boolean).join(',');
    env.K6_PROMETHEUS_RW_PUSH_INTERVAL ??= '5s';
  }
  if (dashboardPath) {
    Object.assign(env, {
      K6_WEB_DASHBOARD: 'true',
      K6_WEB_DASHBOARD_EXPORT: dashboardPath,
      // Loopback and an ephemeral port: several runs may overlap.
      K6_WEB_DASHBOARD_HOST: '127.0.0.1',
      K6_WEB_DASHBOARD_PORT: '0',
      // k6 exports only after two snapshots; 1 s keeps short (CI) runs exportable.
      K6_WEB_DASHBOARD_PERIOD: '1s',
    });
  }

  let output = '';
  const k6Run = startProcess(k6, k6Args(o, testid, summaryPath), {
    name: 'k6',
    env,
    onOutput: (s) => {
      output += s;
      o.onOutput?.(s);
    },
  });
  // k6 stops gracefully on SIGINT and still writes its summary.
  const onAbort = () => void k6Run.stop('SIGINT', 30_000);
  // Aborted while k6 was starting: the event has already fired, so stop it now.
  if (o.signal?.aborted) onAbort();
  else o.signal?.addEventListener('abort', onAbort, { once: true });
  const code = await k6Run.exited;
  o.signal?.removeEventListener('abort', onAbort);
  if (k6Run.pid === -1) output += k6Run.output();
  const exitCode = typeof code === 'number' && code >= 0 ? code : null;
  const endedAt = new Date();

  const outputErrors = output
    .split('\n')
    .filter(
      (l) => /level=(error|warning)/.test(l) && /output|remote write|influx|prometheus/i.test(l),
    );
  let summary: K6Summary | undefined;
  if (existsSync(summaryPath))
    summary = parseSummary(await readFile(summaryPath, 'utf8'), summaryPath);

  const base = {
    suite: o.suite,
    testid,
    exitCode,
    summary,
    summaryPath,
    outputErrors,
    output,
    startedAt,
    endedAt,
    dashboardPath: dashboardPath && existsSync(dashboardPath) ? dashboardPath : undefined,
  };
  if (exitCode === 0 && summary) return { ...base, status: 'passed' };
  if (exitCode === THRESHOLDS_FAILED && summary) return { ...base, status: 'thresholds-failed' };
  const tail = output.trim().split('\n').slice(-5).join('\n');
  return {
    ...base,
    status: 'could-not-run',
    reason: `k6 exited with ${exitCode ?? 'an error'}:\n${tail}`,
  };
}
