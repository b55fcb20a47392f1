/** Bottleneck hints from measured series: where to look, not a diagnosis. */
import {
  meanOf,
  type ClientFigures,
  type RunSeries,
  type ServerFigures,
} from '../model/figures.ts';

const thirds = (points: readonly (readonly [number, number])[]) => {
  const n = Math.floor(points.length / 3);
  return n < 2 ? undefined : { first: points.slice(0, n), last: points.slice(-n) };
};
const avg = (pts: readonly (readonly [number, number])[]) => meanOf({ name: '', points: pts }) ?? 0;

export function bottleneckHints(
  client: ClientFigures,
  server: ServerFigures,
  series: RunSeries,
): string[] {
  const hints: string[] = [];

  const p95 = thirds(series.serverP95Ms.points);
  const cpuMax = server.cpuCoresMax ?? 0;
  if (p95 && avg(p95.last) > 1.5 * avg(p95.first) && cpuMax >= 0.85) {
    hints.push(
      `latency rose (server p95 ${avg(p95.first).toFixed(0)} -> ${avg(p95.last).toFixed(0)} ms) while CPU peaked at ${cpuMax.toFixed(2)} cores: ` +
        'one Node process uses one core: scale out (more replicas), or see where the time goes with ./loadlab demo --cpu-profile',
    );
  }
  if ((server.eventLoopLagMaxMs ?? 0) > 100) {
    hints.push(
      `event-loop lag reached ${server.eventLoopLagMaxMs!.toFixed(0)} ms: synchronous work is blocking requests (JSON of a large db, sync I/O)`,
    );
  }
  const rate = thirds(series.serverRate.points);
  const lat = thirds(series.serverP95Ms.points);
  if (
    rate &&
    lat &&
    avg(rate.last) < 0.8 * avg(rate.first) &&
    avg(lat.last) > 1.2 * avg(lat.first)
  ) {
    hints.push(
      `throughput decayed (${avg(rate.first).toFixed(0)} -> ${avg(rate.last).toFixed(0)} req/s) as latency grew: ` +
        'if the run writes, the db may be growing (every write serializes the whole file)',
    );
  }
  const errors = Object.entries(server.statusShare).filter(
    ([s, share]) => !s.startsWith('2') && !s.startsWith('3') && share > 0.001,
  );
  if (errors.length) {
    hints.push(
      `non-2xx responses: ${errors.map(([s, share]) => `${s} ${(share * 100).toFixed(1)}%`).join(', ')}`,
    );
  }
  if (client.errorRate !== null && client.errorRate > 0 && server.errorRatio === 0) {
    hints.push(
      `k6 saw ${(client.errorRate * 100).toFixed(1)}% failures the server did not count: timeouts, refused connections, or 4xx answers`,
    );
  }
  return hints;
}

/** The KEDA query averages over 2 minutes: a shorter run shows the autoscaler less load than k6 sent. */
export function windowHint(
  runSeconds: number,
  clientPeakRate: number,
  metricPeak: number,
): string | undefined {
  if (runSeconds >= 150 || metricPeak >= 0.8 * clientPeakRate) return undefined;
  return (
    `the KEDA metric peaked at ${metricPeak.toFixed(0)} req/s while k6 peaked at ${clientPeakRate.toFixed(0)}: its rate() window is 2m ` +
    `and this run lasted ${Math.round(runSeconds)} s, so the autoscaler would see less load than was sent; use a longer profile to judge scaling`
  );
}
