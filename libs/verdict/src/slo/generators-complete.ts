/**
 * A distributed run is judged as one only when every generator ran to its end. k6 pushes every
 * 5 s while it runs and once more when it stops, and a TestRun's runners share one schedule, so
 * their last samples land within a push or two of each other. A runner killed mid-run (its pod
 * deleted, OOM-killed, its node lost) stops pushing early and never sends its last samples: its
 * share of the load is missing from the figures, which would otherwise look like a smaller,
 * healthy run. The k6-operator still reports such a TestRun "finished" (a failed runner Job
 * counts as done), so Prometheus is where it shows.
 */
import { K6_METRICS, selector } from '@loadlab/metrics';
import type { PrometheusApi } from '@loadlab/prometheus-client';
import { CouldNotRunError } from '../could-not-run.ts';

/** Three of k6's 5 s pushes: more than a late final flush, less than any real stage. */
export const GENERATOR_STOP_GAP_SECONDS = 15;

export interface GeneratorEnd {
  readonly instance: string;
  /** Unix seconds of its last k6 sample in the window. */
  readonly lastSample: number;
}

/** When each generator of the testid last pushed, from k6's request counters. */
export async function generatorEnds(
  prom: PrometheusApi,
  testid: string,
  window: string,
  evalAt: Date,
): Promise<GeneratorEnd[]> {
  const series = await prom.rawSeries(
    selector(K6_METRICS.requestsTotal, { [K6_METRICS.label.testid]: testid }),
    window,
    evalAt,
  );
  const last = new Map<string, number>();
  for (const s of series) {
    const instance = s.metric[K6_METRICS.label.instance] ?? '(no instance label)';
    const t = s.floats.at(-1)?.[0];
    if (t !== undefined) last.set(instance, Math.max(last.get(instance) ?? 0, t));
  }
  return [...last].map(([instance, lastSample]) => ({ instance, lastSample }));
}

/** Why the run is incomplete (a generator stopped well before the others), or undefined. */
export function incompleteRunReason(
  ends: readonly GeneratorEnd[],
  testid: string,
): string | undefined {
  if (ends.length < 2) return undefined;
  const latest = Math.max(...ends.map((e) => e.lastSample));
  const early = ends.filter((e) => latest - e.lastSample > GENERATOR_STOP_GAP_SECONDS);
  if (!early.length) return undefined;
  const at = (t: number) => new Date(t * 1000).toISOString();
  return `${early.length} of ${ends.length} generators of testid ${testid} stopped early: ${early
    .map(
      (e) =>
        `${e.instance} last wrote at ${at(e.lastSample)}, ${(latest - e.lastSample).toFixed(0)} s before the last generator`,
    )
    .join(
      '; ',
    )}. A generator killed or lost mid-run leaves its share of the load out, so the figures are not the run's`;
}

/** Throws CouldNotRunError when a generator of the testid stopped early. */
export async function assertGeneratorsComplete(
  prom: PrometheusApi,
  testid: string,
  window: string,
  evalAt: Date,
): Promise<void> {
  const reason = incompleteRunReason(await generatorEnds(prom, testid, window, evalAt), testid);
  if (reason) throw new CouldNotRunError(reason);
}
