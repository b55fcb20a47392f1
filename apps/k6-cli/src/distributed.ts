/**
 * `--parallelism=N`: N local k6 processes split the suite with execution
 * segments (as k6-operator runners do), and the run is judged from Prometheus
 * alone: counts summed, percentiles from the summed native histograms, the
 * suite's thresholds re-evaluated on the whole.
 */
import {
  inspectSuite,
  runDistributed,
  suiteEnv,
  THRESHOLDS_FAILED,
  type DistributedRunOptions,
} from '@loadlab/k6-runner';
import { PrometheusApi } from '@loadlab/prometheus-client';
import { clientFromPrometheus } from '@loadlab/verdict';

export const COULD_NOT_RUN = 2;

/** The query API behind a remote-write URL (http://host:9090/api/v1/write). */
export const queryUrlOf = (remoteWrite: string) =>
  remoteWrite.replace(/\/api\/v1\/write\/?$/, '').replace(/\/+$/, '');

const fmt = (v: number | null, unit: string, digits = 1) =>
  v === null ? 'none' : `${v.toFixed(digits)}${unit}`;

/** Runs, judges and prints; resolves to the exit code (0 pass, 99 thresholds failed, 2 could not run or not judged). */
export async function runAndJudge(
  o: DistributedRunOptions & { prometheusRw: string },
  log: (line: string) => void,
): Promise<number> {
  const thresholds = (await inspectSuite(o.suite, suiteEnv(o, o.testid!), o)).thresholds ?? {};
  const run = await runDistributed(o);
  if (run.status === 'could-not-run') {
    log(`could not run ${o.suite}: ${run.reason}`);
    return COULD_NOT_RUN;
  }
  for (const e of run.outputErrors) log(`output problem: ${e}`);
  const prom = new PrometheusApi(queryUrlOf(o.prometheusRw));
  const { client, percentileError } = await clientFromPrometheus(
    prom,
    { start: run.startedAt, end: run.endedAt },
    run.testid,
    thresholds,
  );
  const err =
    percentileError === null
      ? ''
      : ` (within ${(percentileError * 100).toFixed(0)}%: bucket width)`;
  log(
    `\n${o.suite} with ${run.parallelism} generators, judged from Prometheus (testid ${run.testid}):`,
  );
  log(
    `  requests:   ${client.requests} (${client.rate.toFixed(1)}/s) from ${client.generators} generators`,
  );
  log(`  p95 / p99:  ${fmt(client.p95Ms, ' ms')} / ${fmt(client.p99Ms, ' ms')}${err}`);
  log(`  errors:     ${fmt(client.errorRate === null ? null : client.errorRate * 100, '%', 2)}`);
  log(
    `  checks:     ${fmt(client.checksRate === null ? null : client.checksRate * 100, '%', 2)} passed`,
  );
  for (const t of client.thresholds) {
    const mark = t.ok === null ? 'not judged' : t.ok ? 'ok' : 'FAILED';
    const value = t.value === undefined ? '' : ` (${t.value.toFixed(3)})`;
    log(`  threshold ${t.metric} ${t.expression}: ${mark}${value}${t.note ? `: ${t.note}` : ''}`);
  }
  if (client.requests === 0) {
    log(
      `no k6 requests with testid ${run.testid} in Prometheus at ${prom.url}: did remote write reach it?`,
    );
    return COULD_NOT_RUN;
  }
  const failed = client.thresholds.some((t) => t.ok === false);
  const unjudged = client.thresholds.some((t) => t.ok === null);
  log(
    `\n${o.suite} ${failed ? 'FAILED' : unjudged ? 'NOT JUDGED' : 'PASSED'} (testid ${run.testid})`,
  );
  return failed ? THRESHOLDS_FAILED : unjudged ? COULD_NOT_RUN : 0;
}
