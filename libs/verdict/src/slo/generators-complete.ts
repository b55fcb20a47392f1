/**
 * A distributed run is judged as one only when every generator ran to its end. k6 pushes every
 * 5 s while it runs and once more when it stops, and a TestRun's runners share one schedule, so
 * their last samples land within a push or two of each other. A runner killed mid-run (its pod
 * deleted, OOM-killed, its node lost) stops pushing early and never sends its last samples: its
 * share of the load is missing from the figures, which would otherwise look like a smaller,
 * healthy run. The k6-operator still reports such a TestRun "finished" (a failed runner Job
 * counts as done), so Prometheus is where it shows.
 */
import { K6_METRICS, KUBE_METRICS, selector } from '@loadlab/metrics';
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

export interface RunnerPodFate {
  readonly pod: string;
  /** The last phase kube-state-metrics reported for it. */
  readonly lastPhase: string;
  /** Unix seconds of that report. */
  readonly lastSeen: number;
}

/**
 * What kube-state-metrics last said of each generator that is a pod (a TestRun runner's
 * instance tag is its pod name); generators that are not pods have no series and are left out.
 */
export async function runnerPodFates(
  prom: PrometheusApi,
  instances: readonly string[],
  window: string,
  evalAt: Date,
): Promise<{ fates: RunnerPodFate[]; latestScrape: number }> {
  if (!instances.length) return { fates: [], latestScrape: 0 };
  const escaped = instances.map((i) => i.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const series = await prom.rawSeries(
    selector(KUBE_METRICS.podPhase, { pod: { op: '=~', value: escaped.join('|') } }),
    window,
    evalAt,
  );
  let latestScrape = 0;
  const fates = new Map<string, RunnerPodFate>();
  for (const s of series) {
    const last = s.floats.at(-1);
    if (!last) continue;
    latestScrape = Math.max(latestScrape, last[0]);
    const pod = s.metric['pod'] ?? '';
    const seen = fates.get(pod);
    if (last[1] === 1 && (!seen || last[0] >= seen.lastSeen))
      fates.set(pod, { pod, lastPhase: s.metric['phase'] ?? '?', lastSeen: last[0] });
  }
  return { fates: [...fates.values()], latestScrape };
}

/**
 * Why the runner pods say the run is incomplete, or undefined: a runner pod that vanished while
 * Running or Pending (deleted or evicted mid-run: its k6 never finished its segment).
 */
export function runnerPodsReason(
  fates: readonly RunnerPodFate[],
  latestScrape: number,
  testid: string,
): string | undefined {
  const gone = fates.filter(
    (f) =>
      (f.lastPhase === 'Running' || f.lastPhase === 'Pending') &&
      latestScrape - f.lastSeen > GENERATOR_STOP_GAP_SECONDS,
  );
  if (!gone.length) return undefined;
  const at = (t: number) => new Date(t * 1000).toISOString();
  return `runner pod${gone.length > 1 ? 's' : ''} of testid ${testid} vanished while running (deleted, evicted or its node lost mid-run): ${gone
    .map((f) => `${f.pod} last seen ${f.lastPhase} at ${at(f.lastSeen)}`)
    .join('; ')}. Its segment of the load was never finished, so the figures are not the run's`;
}

/** Throws CouldNotRunError when a generator of the testid stopped early or its pod vanished mid-run. */
export async function assertGeneratorsComplete(
  prom: PrometheusApi,
  testid: string,
  window: string,
  evalAt: Date,
): Promise<void> {
  const ends = await generatorEnds(prom, testid, window, evalAt);
  const { fates, latestScrape } = await runnerPodFates(
    prom,
    ends.map((e) => e.instance),
    window,
    evalAt,
  );
  const reasons = [
    incompleteRunReason(ends, testid),
    runnerPodsReason(fates, latestScrape, testid),
  ].filter(Boolean);
  if (reasons.length) throw new CouldNotRunError(reasons.join('; '));
}
