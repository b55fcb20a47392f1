/**
 * Whether Prometheus holds the whole run: a Prometheus that restarted with its data lost (a pod
 * without a volume), or was down, has steps of the run where it scraped nothing. What falls in
 * them cannot be judged, and must not pass on the rest. Judged from its own `up` series: with no
 * `up` at all (a Prometheus fed only by remote write or backfill) nothing can be told, and nothing
 * is claimed.
 */
import type { PrometheusApi } from '@loadlab/prometheus-client';
import { STEP_SECONDS } from './collect-scaling.ts';

const iso = (s: number) => new Date(s * 1000).toISOString();
/** Consecutive steps without any scrape that make a gap. */
export const MIN_GAP_STEPS = 2;

/** The first run of at least `min` consecutive steps among the sorted step times. */
function firstRun(steps: readonly number[], min: number): number[] | undefined {
  let run: number[] = [];
  for (const t of steps) {
    if (run.length && t - run.at(-1)! > STEP_SECONDS * 1.5) {
      if (run.length >= min) return run;
      run = [];
    }
    run.push(t);
  }
  return run.length >= min ? run : undefined;
}

/** A sentence naming the first span without scrapes, or undefined when the run is covered. */
export async function prometheusGap(
  prom: PrometheusApi,
  start: Date,
  end: Date,
  /** Narrows `up` (tests); every scrape job by default. */
  selector = '',
): Promise<string | undefined> {
  const series = await prom.queryRange(
    `count(count_over_time(up${selector}[${STEP_SECONDS}s]))`,
    start,
    end,
    STEP_SECONDS,
  );
  // The range query answers at start + k × step: matched to the millisecond.
  const have = new Set((series[0]?.values ?? []).map(([t]) => Math.round(t * 1000)));
  if (have.size === 0) return undefined;
  const missing: number[] = [];
  const s0 = start.getTime() / 1000;
  for (let t = s0; t <= end.getTime() / 1000; t += STEP_SECONDS) {
    if (!have.has(Math.round(t * 1000))) missing.push(t);
  }
  // One step without a scrape is a late scrape on a busy machine (or a Prometheus that started
  // with the run), not lost data: a restart that lost its data empties every step before it.
  const gap = firstRun(missing, MIN_GAP_STEPS);
  if (!gap) return undefined;
  return `Prometheus holds no scrape from ${iso(gap[0]!)} to ${iso(gap.at(-1)! + STEP_SECONDS)} (${gap.length} of the run's ${STEP_SECONDS} s steps; restarted with its data lost, or down): what the run did then is not in it, so it cannot be judged`;
}
