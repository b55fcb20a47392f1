/**
 * Reads a scaling run from a cluster's Prometheus: the KEDA metric, HPA desired
 * and current replicas, ready replicas, errors on both sides, and per-pod load.
 */
import { PrometheusApi } from '@loadlab/prometheus-client';
import {
  k6Queries,
  KUBE_METRICS,
  kubeQueries,
  queries,
  selector,
  type Matcher,
} from '@loadlab/metrics';
import { SCALING_POLICY, type ScalingPolicy } from '@loadlab/scaling';
import { CouldNotRunError, reachable } from '../could-not-run.ts';
import type { Point, Series } from '../model/figures.ts';
import type { ScalingSeries } from '../model/scaling.ts';
import { MAX_SAMPLE_AGE_SECONDS, PER_POD_RATE_WINDOW_S } from './scaling-figures.ts';

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

/** How old the ready-replica sample behind each step is (the freshest, when several report). */
const readyAge = (k: { namespace: string; app: string }) =>
  `min(time() - timestamp(${selector(KUBE_METRICS.deploymentReplicasReady, { namespace: k.namespace, deployment: k.app })}))`;

function withoutStale(s: Series, age: Series): Series {
  const ages = new Map(age.points.map(([t, a]) => [t, a]));
  // No age series (a Prometheus-compatible store without timestamp()): the points stand as read.
  if (!ages.size) return s;
  return {
    ...s,
    points: s.points.filter(([t]) => (ages.get(t) ?? Infinity) <= MAX_SAMPLE_AGE_SECONDS),
  };
}

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

  // Samples that are not finite numbers are dropped from the charts and figures, but counted:
  // a series of only NaN was found, and is broken, which is not the same as missing.
  const dropped = new Map<string, number>();
  const range = async (name: string, expr: string): Promise<Series[]> =>
    (await prom.queryRange(expr, start, end, STEP_SECONDS)).map((r) => {
      const finite = r.values.filter(([, v]) => Number.isFinite(v));
      if (finite.length < r.values.length)
        dropped.set(name, (dropped.get(name) ?? 0) + r.values.length - finite.length);
      return {
        name: r.metric.pod ? `${name} ${r.metric.pod}` : name,
        points: finite.map(([ts, v]) => [ts - t0, v] as Point),
      };
    });
  const one = async (name: string, expr: string) =>
    (await range(name, expr))[0] ?? { name, points: [] };

  const desired = await one('desired (HPA)', kubeQueries.hpaDesired(kube));
  const ready = withoutStale(
    await one('ready (Deployment)', kubeQueries.readyReplicas(kube)),
    await one('ready sample age', readyAge(kube)),
  );
  for (const s of [desired, ready]) {
    if (!s.points.length && dropped.get(s.name))
      throw new CouldNotRunError(
        `the ${s.name} replicas series for ${t.namespace}/${t.deployment} holds only NaN or ±Inf values (${dropped.get(s.name)} of them) in Prometheus at ${prom.url}: its data is broken; check kube-state-metrics and any recording rule in between`,
      );
    const bad = s.points.find(([, v]) => !(v >= 0 && Number.isInteger(v)));
    if (bad)
      throw new CouldNotRunError(
        `the ${s.name} replicas series for ${t.namespace}/${t.deployment} reads ${bad[1]} at ${bad[0]} s, not a whole number >= 0: its data is broken; check kube-state-metrics and any recording rule in between`,
      );
  }
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
