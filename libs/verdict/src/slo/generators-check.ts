/**
 * Local generators leave their own summaries: the Prometheus figures of the
 * whole run must agree with them before the run is judged from Prometheus.
 * A TestRun on a cluster has no summaries here; its figures stand alone.
 */
import { targetDownReason, type DistributedRunResult } from '@loadlab/k6-runner';
import type { ClientFigures } from '../model/figures.ts';

/** Why the run cannot be judged from these figures, or undefined. */
export function distributedRunProblem(
  run: DistributedRunResult,
  client: ClientFigures,
): string | undefined {
  const summaries = run.generators.map((g) => g.summary);
  if (summaries.some((s) => !s)) return 'a generator left no summary';
  const downs = summaries.map((s) => targetDownReason(s!));
  // Not an SLO failure: the load never reached a working target.
  if (downs.every(Boolean)) return downs[0];
  const counted = summaries.reduce((t, s) => t + (s!.metrics.http_reqs?.values.count ?? 0), 0);
  if (client.requests !== counted)
    return `Prometheus holds ${client.requests} k6 requests for testid ${run.testid}, the ${run.generators.length} generators counted ${counted}: remote write lost samples (see the output problems), or another run wrote under the same testid`;
  return undefined;
}
