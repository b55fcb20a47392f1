/**
 * Reads a scaling run from a cluster's Prometheus: the KEDA metric, HPA desired
 * and current replicas, ready replicas, errors on both sides, and per-pod load.
 */
import { PrometheusApi } from '@loadlab/prometheus-client';
import { k6Queries, kubeQueries, queries, type Matcher } from '@loadlab/metrics';
import { SCALING_POLICY, type ScalingPolicy } from '@loadlab/scaling';
import { CouldNotRunError, reachable } from '../could-not-run.ts';
import type { Point, Series } from '../model/figures.ts';
import type { ScalingSeries } from '../model/scaling.ts';
import { PER_POD_RATE_WINDOW_S } from './scaling-figures.ts';

export type { ScalingSeries } from '../model/scaling.ts';

export interface ScalingTarget {
  readonly namespace: string;
  readonly deployment: string;
  readonly scaledObject: string;
  /** k6 testid for client-side errors; any run by default. */
  readonly testid?: string;
  readonly policy?: ScalingPolicy;
}

export const STEP_SECONDS = 15;

export async function collectScaling(
  prom: PrometheusApi,
  t: ScalingTarget,
  start: Date,
  end: Date,
): Promise<ScalingSeries> {
  await reachable(prom);
  const policy = t.policy ?? SCALING_POLICY;
  const t0 = start.getTime() / 1000;
  const kube = { namespace: t.namespace, app: t.deployment };
  const app = { app: policy.target, labels: { namespace: t.namespace }, window: '1m' };
  const testid: Matcher = t.testid ? t.testid : { op: '=~', value: '.+' };

  const range = async (name: string, expr: string): Promise<Series[]> =>
    (await prom.queryRange(expr, start, end, STEP_SECONDS)).map((r) => ({
      name: r.metric.pod ? `${name} ${r.metric.pod}` : name,
      points: r.values
        .filter(([, v]) => Number.isFinite(v))
        .map(([ts, v]) => [ts - t0, v] as Point),
    }));
  const one = async (name: string, expr: string) =>
    (await range(name, expr))[0] ?? { name, points: [] };

  const desired = await one('desired (HPA)', kubeQueries.hpaDesired(kube));
  const ready = await one('ready (Deployment)', kubeQueries.readyReplicas(kube));
  if (!desired.points.length || !ready.points.length) {
    throw new CouldNotRunError(
      `kube-state-metrics series not found for ${t.namespace}/${t.deployment} (HPA keda-hpa-${t.scaledObject}) in Prometheus at ${prom.url}: is kube-state-metrics deployed and scraped, and is the ScaledObject applied?`,
    );
  }
  const metric = await one(
    'KEDA metric',
    queries.scalingMetric({ app: policy.target, labels: { namespace: t.namespace } }),
  );
  if (!metric.points.length) {
    throw new CouldNotRunError(
      `no ${policy.target} request metrics in ${t.namespace} between ${start.toISOString()} and ${end.toISOString()}: is the app scraped, and did load run in this window?`,
    );
  }
  return {
    metric,
    desired,
    current: await one('current (HPA)', kubeQueries.hpaCurrent(kube)),
    ready,
    serverErrorRatio: await one('server 5xx ratio', queries.errorRatio(app)),
    clientErrorRate: await one('k6 failed', k6Queries.failedRate(testid)),
    perPod: await range(
      'req/s',
      queries.requestRate({ ...app, window: `${PER_POD_RATE_WINDOW_S}s` }, ['pod']),
    ),
  };
}
