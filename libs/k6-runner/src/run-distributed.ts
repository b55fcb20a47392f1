/**
 * One suite run by N local k6 processes, split with execution segments as
 * the k6-operator splits a TestRun. Each writes to Prometheus by remote write
 * under the run's testid, with its own `instance` tag; no single summary holds
 * the run, so it is judged from Prometheus (@loadlab/verdict).
 */
import { join } from 'node:path';
import {
  runSuite,
  type SuiteRunOptions,
  type SuiteRunResult,
  newTestid,
  THRESHOLDS_FAILED,
} from './run-suite.ts';
import { segments } from './segments.ts';

export interface DistributedRunOptions extends Omit<SuiteRunOptions, 'segment' | 'dashboard'> {
  readonly parallelism: number;
}

export interface DistributedRunResult {
  readonly suite: string;
  readonly testid: string;
  readonly parallelism: number;
  /** ran: every generator ended with a summary (its own thresholds, on its share, do not decide). */
  readonly status: 'ran' | 'could-not-run';
  readonly generators: readonly SuiteRunResult[];
  readonly outputErrors: readonly string[];
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly reason?: string;
}

/** The instance tag of generator i: stable, short, and unique within the run. */
const generatorName = (index: number) => `generator-${index}`;

export async function runDistributed(o: DistributedRunOptions): Promise<DistributedRunResult> {
  const startedAt = new Date();
  const testid = o.testid ?? newTestid(o.suite, startedAt);
  const base = { suite: o.suite, testid, parallelism: o.parallelism, startedAt };
  const fail = (reason: string, generators: SuiteRunResult[] = []): DistributedRunResult => ({
    ...base,
    status: 'could-not-run',
    generators,
    outputErrors: generators.flatMap((g) => g.outputErrors),
    endedAt: new Date(),
    reason,
  });
  let parts;
  try {
    parts = segments(o.parallelism, generatorName);
  } catch (err) {
    return fail((err as Error).message);
  }
  if (!o.prometheusRw)
    return fail('several generators need --prometheus-rw: their results meet only in Prometheus');

  const generators = await Promise.all(
    parts.map((segment) =>
      runSuite({
        ...o,
        testid,
        segment,
        outDir: join(o.outDir, segment.instance),
        onOutput: o.onOutput && ((s) => o.onOutput!(prefixLines(s, segment.instance))),
      }),
    ),
  );
  const endedAt = new Date();
  // A generator's thresholds saw only its share; the verdict re-evaluates them on the whole run.
  const broken = generators.flatMap((g, i) =>
    !g.summary || (g.exitCode !== 0 && g.exitCode !== THRESHOLDS_FAILED)
      ? [`${parts[i]!.instance}: ${g.reason ?? 'k6 wrote no summary'}`]
      : [],
  );
  if (broken.length) return fail(broken.join('; '), generators);
  return {
    ...base,
    status: 'ran',
    generators,
    outputErrors: generators.flatMap((g) => g.outputErrors),
    endedAt,
  };
}

function prefixLines(s: string, name: string): string {
  return s.replace(/^(?=.)/gm, `[${name}] `);
}
