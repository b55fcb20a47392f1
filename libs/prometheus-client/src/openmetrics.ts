/**
 * Recorded series for tests: build OpenMetrics text, backfill it with
 * `promtool tsdb create-blocks-from openmetrics`, and query it in a real Prometheus.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSync } from '@loadlab/process-supervisor';

/**
 * A label value as the OpenMetrics (and Prometheus text) format writes it: backslash, double
 * quote and line feed escaped, everything else as is. Unescaped, a quote ends the value early
 * and promtool rejects the whole file.
 */
export function escapeLabelValue(v: string): string {
  return v.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

export class OpenMetricsWriter {
  readonly #families = new Map<string, { type: string; series: Map<string, string[]> }>();
  readonly #start: number;

  /** @param startUnix the scenario's t=0, in Unix seconds */
  constructor(startUnix: number) {
    this.#start = startUnix;
  }

  /** One sample at t seconds into the scenario. Counters: family without _total, sample with it. */
  add(
    sample: string,
    labels: Readonly<Record<string, string>>,
    t: number,
    value: number,
    type: 'gauge' | 'counter' = 'gauge',
  ): void {
    const family = type === 'counter' ? sample.replace(/_total$/, '') : sample;
    const f = this.#families.get(family) ?? { type, series: new Map<string, string[]>() };
    const key = `${sample}{${Object.entries(labels)
      .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
      .join(',')}}`;
    f.series.set(key, [...(f.series.get(key) ?? []), `${key} ${value} ${this.#start + t}`]);
    this.#families.set(family, f);
  }

  /** Families grouped, each series in time order, as OpenMetrics requires. */
  toString(): string {
    const out: string[] = [];
    for (const [family, f] of this.#families) {
      out.push(`# TYPE ${family} ${f.type}`);
      for (const lines of f.series.values()) out.push(...lines);
    }
    return [...out, '# EOF', ''].join('\n');
  }
}

/**
 * Writes the TSDB blocks into <prometheusDir>/tsdb, where startPrometheus keeps its data.
 * @param promtool the program to run; promtool on PATH by default
 */
export function backfill(openMetrics: string, prometheusDir: string, promtool = 'promtool'): void {
  mkdirSync(prometheusDir, { recursive: true });
  const file = join(prometheusDir, 'backfill.om');
  writeFileSync(file, openMetrics);
  runSync(
    promtool,
    ['tsdb', 'create-blocks-from', 'openmetrics', file, join(prometheusDir, 'tsdb')],
    { timeoutMs: 120_000 },
  );
}

/** A scenario start an hour ago, aligned to the step: in the past, inside retention. */
export function scenarioStart(stepSeconds = 15, agoSeconds = 3600): number {
  return Math.floor((Date.now() / 1000 - agoSeconds) / stepSeconds) * stepSeconds;
}
