/**
 * What the crocodile-api pods served, from their own counters in Prometheus, and where a latency
 * falls among native-histogram buckets: the two yardsticks a distributed run is held to.
 */
import { TUTORIAL_NAMING } from '@loadlab/metrics';
import type { PrometheusApi } from '@loadlab/prometheus-client';

export interface Served {
  readonly total: number;
  readonly byPod: readonly { pod: string; requests: number }[];
}

/**
 * Every request the pods of namespace ns counted (probes and /metrics are not counted: the
 * app ignores those routes). The pods served nothing before start, so each series' last value
 * is its total; a series that went down (a restarted pod) is refused, since its total is lost.
 */
export async function servedRequests(
  prom: PrometheusApi,
  ns: string,
  start: Date,
  end: Date,
): Promise<Served> {
  const window = `${Math.ceil((end.getTime() - start.getTime()) / 1000) + 60}s`;
  const series = await prom.rawSeries(
    `${TUTORIAL_NAMING.requestsTotal}{namespace="${ns}"}`,
    window,
    end,
  );
  const byPod = new Map<string, number>();
  for (const s of series) {
    const values = s.floats.map(([, v]) => v);
    if (values.some((v, i) => i > 0 && v < values[i - 1]!))
      throw new Error(`a counter went down (restarted pod?): ${JSON.stringify(s.metric)}`);
    const pod = s.metric['pod'] ?? '?';
    byPod.set(pod, (byPod.get(pod) ?? 0) + (values.at(-1) ?? 0));
  }
  const list = [...byPod]
    .map(([pod, requests]) => ({ pod, requests }))
    .sort((a, b) => a.pod.localeCompare(b.pod));
  return { total: list.reduce((n, p) => n + p.requests, 0), byPod: list };
}

/** k6's native histograms use schema 3: bucket i holds (2^((i-1)/8), 2^(i/8)]. */
const SCHEMA = 3;
export const bucketIndex = (v: number): number => Math.ceil(Math.log2(v) * 2 ** SCHEMA);
