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
  if (missing.length === 0) return undefined;
  return `Prometheus holds no scrape from ${iso(missing[0]!)} to ${iso(missing.at(-1)! + STEP_SECONDS)} (${missing.length} of the run's ${STEP_SECONDS} s steps; restarted with its data lost, or down): what the run did then is not in it, so it cannot be judged`;
}
