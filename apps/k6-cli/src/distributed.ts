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
import { K6_METRICS, selector } from '@loadlab/metrics';
import { PrometheusApi, queryUrlOf, remoteWriteProblem } from '@loadlab/prometheus-client';
import { clientFromPrometheus, distributedRunProblem } from '@loadlab/verdict';

export const COULD_NOT_RUN = 2;

const fmt = (v: number | null, unit: string, digits = 1) =>
  v === null ? 'none' : `${v.toFixed(digits)}${unit}`;

/** Runs, judges and prints; resolves to the exit code (0 pass, 99 thresholds failed, 2 could not run or not judged). */
export async function runAndJudge(
  o: DistributedRunOptions & { prometheusRw: string },
  log: (line: string) => void,
): Promise<number> {
  const couldNotRun = (reason: string) => {
    log(`could not run ${o.suite}: ${reason}`);
    return COULD_NOT_RUN;
  };
  // Minutes of load that could never be judged do not start.
  const problem = await remoteWriteProblem(
    o.prometheusRw,
    o.testid!,
    selector(K6_METRICS.requestsTotal, { [K6_METRICS.label.testid]: o.testid! }),
  ).catch((err: Error) => err.message);
  if (problem) return couldNotRun(problem);
  const thresholds = (await inspectSuite(o.suite, suiteEnv(o, o.testid!), o)).thresholds ?? {};
  const run = await runDistributed(o);
  if (run.status === 'could-not-run') return couldNotRun(run.reason!);
  for (const e of run.outputErrors) log(`output problem: ${e}`);
  const prom = new PrometheusApi(queryUrlOf(o.prometheusRw));
  let judged;
  try {
    judged = await clientFromPrometheus(
      prom,
      { start: run.startedAt, end: run.endedAt },
      run.testid,
      thresholds,
    );
  } catch (err) {
    return couldNotRun(
      `the run ended, but Prometheus could not be read: ${(err as Error).message}`,
    );
  }
  const { client, percentileError } = judged;
  const disagree = distributedRunProblem(run, client);
  if (disagree) return couldNotRun(disagree);
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
  const failed = client.thresholds.some((t) => t.ok === false);
  const unjudged = client.thresholds.some((t) => t.ok === null);
  log(
    `\n${o.suite} ${failed ? 'FAILED' : unjudged ? 'NOT JUDGED' : 'PASSED'} (testid ${run.testid})`,
  );
  return failed ? THRESHOLDS_FAILED : unjudged ? COULD_NOT_RUN : 0;
}
