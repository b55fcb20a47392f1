/** What makes a whole verdict "could not run": a missing dependency, named with the fix. */
import { PrometheusApi, PrometheusQueryError } from '@loadlab/prometheus-client';

export class CouldNotRunError extends Error {}

export async function reachable(prom: PrometheusApi): Promise<void> {
  if (!(await prom.ready())) {
    throw new CouldNotRunError(
      `Prometheus at ${prom.url} is not reachable or not ready: is it running, and is the URL right?`,
    );
  }
}

/** Errors that mean the verdict could not be formed, rather than a bug. */
export const isCouldNotRun = (err: unknown): err is Error =>
  err instanceof CouldNotRunError || err instanceof PrometheusQueryError;
