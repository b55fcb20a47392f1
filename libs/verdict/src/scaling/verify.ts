/** The scaling verifier: is autoscaling working, judged from a cluster's Prometheus. */
import { PrometheusApi } from '@loadlab/prometheus-client';
import { rightSizeByCapacity } from '@loadlab/capacity';
import { SCALING_POLICY } from '@loadlab/scaling';
import { CouldNotRunError, isCouldNotRun } from '../could-not-run.ts';
import { clientFromPrometheus } from '../slo/client-from-prometheus.ts';
import { assertGeneratorsComplete } from '../slo/generators-complete.ts';
import { sloAsThresholds } from '../slo/slo.ts';
import { LOAD_CHECK_IDS, loadNotJudged, NO_SERVER, sloChecks } from '../slo/slo-checks.ts';
import { decide, type Check } from '../model/check.ts';
import type { ClientFigures } from '../model/figures.ts';
import type { ScalingSeries } from '../model/scaling.ts';
import type { Slo } from '../model/slo.ts';
import type { Verdict } from '../model/verdict.ts';
import { collectScaling, type ScalingTarget } from './collect-scaling.ts';
import { prometheusGap } from './prometheus-gaps.ts';
import { scalingChecks } from './scaling-checks.ts';
import { at, DEFAULT_LIMITS, scalingFigures, type ScalingLimits } from './scaling-figures.ts';

export interface VerifyInput extends ScalingTarget {
  readonly prometheusUrl: string;
  readonly start: Date;
  readonly end: Date;
  readonly slo: Slo;
  readonly limits?: Partial<ScalingLimits>;
  /** req/s one replica holds within the SLO (load-tests:capacity); with it, right size is also judged per replica. */
  readonly capacity?: number;
  readonly targetUtilization?: number;
  /**
   * Judge the load itself too (client latency, errors, checks, thresholds), from Prometheus
   * alone, for the testid: what `load-tests:verify --testid=` does for a TestRun.
   */
  readonly judgeLoad?: boolean;
  /** How long one Prometheus query may take (default QUERY_TIMEOUT_MS, 30 s). */
  readonly queryTimeoutMs?: number;
}

/** Right size against the measured capacity: required once a capacity is given, never a pass without a peak. */
function capacityCheck(
  series: ScalingSeries,
  capacity: number,
  i: VerifyInput,
  policy: typeof SCALING_POLICY,
  tolerance: number,
): Check {
  const j = rightSizeByCapacity({
    points: series.metric.points.map(([t, metric]) => ({
      t,
      metric,
      ready: at(series.ready, t) ?? 0,
    })),
    capacity,
    ...(i.targetUtilization === undefined ? {} : { targetUtilization: i.targetUtilization }),
    minReplicas: policy.minReplicas,
    maxReplicas: policy.maxReplicas,
    tolerance,
  });
  const base = { id: j.id, name: j.name, expected: j.expected, unit: j.unit, required: true };
  if (j.ok === null) return { ...base, outcome: 'not-judged', measured: null, reason: j.detail };
  return { ...base, outcome: j.ok ? 'pass' : 'fail', measured: j.measured, note: j.detail };
}

export async function verifyScaling(i: VerifyInput): Promise<Verdict> {
  const policy = i.policy ?? SCALING_POLICY;
  const limits: ScalingLimits = {
    ...DEFAULT_LIMITS,
    maxErrorRate: i.slo.maxErrorRate,
    ...i.limits,
  };
  const run = {
    suite: 'scaling',
    testid: i.testid ?? '(any)',
    start: i.start.toISOString(),
    end: i.end.toISOString(),
    target: `${i.namespace}/${i.deployment} (ScaledObject ${i.scaledObject})`,
  };
  const prom = new PrometheusApi(i.prometheusUrl, i.queryTimeoutMs);
  // With a testid, the load itself is judged too, from Prometheus alone: a TestRun's runners
  // leave no summary, and their samples meet only there. Judged even when scaling cannot be.
  let load: { client?: ClientFigures; checks: Check[] } | undefined;
  if (i.judgeLoad && !i.testid?.trim())
    throw new CouldNotRunError('judging the load needs a non-empty testid (--testid=<id>)');
  // Figures from the part of the run Prometheus kept would pass on what it lost: nothing is
  // judged then. (An unreachable Prometheus is said below, by the queries that need it.)
  const gap = await prometheusGap(prom, i.start, i.end).catch(() => undefined);
  if (gap)
    return {
      status: 'could-not-run',
      reason: gap,
      run,
      slo: i.slo,
      checks: i.testid && i.judgeLoad ? loadNotJudged(i.slo, gap) : [],
      hints: [],
    };
  try {
    if (i.testid && i.judgeLoad) load = await judgeLoad(prom, i);
  } catch (err) {
    if (!isCouldNotRun(err)) throw err;
    // The load's checks stay in the verdict, each not judged with the reason: a required one
    // makes the run COULD NOT RUN, never a pass without them.
    load = { checks: loadNotJudged(i.slo, err.message) };
  }
  const withLoad = { ...(load?.client ? { client: load.client } : {}) };
  try {
    const series = await collectScaling(prom, i, i.start, i.end);
    const figures = scalingFigures(series, policy, limits);
    const checks = scalingChecks(figures, policy, limits, i.slo.required.scaling);
    checks.push(...(load?.checks ?? []));
    if (i.capacity !== undefined)
      checks.push(capacityCheck(series, i.capacity, i, policy, limits.tolerance));
    const hints: string[] = [];
    if (figures.crossedAt === null)
      hints.push(
        'the load never pushed the KEDA metric above threshold × replicas: run the scale-out suite',
      );
    if (figures.peakReplicas !== null && figures.peakReplicas > policy.maxReplicas)
      hints.push(
        `replicas went above maxReplicaCount ${policy.maxReplicas}: is something else scaling the Deployment?`,
      );
    const d = decide(checks);
    return {
      status: d.status === 'failed' ? 'scaling-failed' : d.status,
      ...(d.status === 'could-not-run' ? { reason: d.reason } : {}),
      run,
      slo: i.slo,
      checks,
      hints,
      ...withLoad,
      scaling: { series, figures },
    };
  } catch (err) {
    if (!isCouldNotRun(err)) throw err;
    const loadChecks = load?.checks ?? [];
    const unjudgedLoad = loadChecks.filter((c) => c.required && c.outcome === 'not-judged');
    // Each distinct reason once: the load's checks usually share theirs.
    const loadReasons = [...new Set(unjudgedLoad.map((c) => c.reason ?? 'not judged'))];
    return {
      status: loadChecks.some((c) => c.required && c.outcome === 'fail')
        ? 'scaling-failed'
        : 'could-not-run',
      reason: unjudgedLoad.length
        ? `${err.message}; the load's checks were not judged either (${unjudgedLoad.map((c) => c.id).join(', ')}): ${loadReasons.join('; ')}`
        : err.message,
      run,
      slo: i.slo,
      checks: load?.checks ?? [],
      hints: [],
      ...withLoad,
    };
  }
}

/** The load's own checks (client latency, errors, checks, thresholds) for a testid. */
export async function judgeLoad(
  prom: PrometheusApi,
  i: Pick<VerifyInput, 'start' | 'end' | 'testid' | 'slo'>,
): Promise<{ client: ClientFigures; checks: Check[] }> {
  // A runner killed mid-run leaves figures that look like a smaller, healthy run: refuse them.
  const evalAt = new Date(Math.min(Date.now(), i.end.getTime() + 5_000));
  const seconds = Math.max(1, Math.ceil((evalAt.getTime() - i.start.getTime()) / 1000));
  await assertGeneratorsComplete(prom, i.testid!, `${seconds}s`, evalAt);
  const { client } = await clientFromPrometheus(
    prom,
    { start: i.start, end: i.end },
    i.testid!,
    sloAsThresholds(i.slo),
  );
  const checks = sloChecks(i.slo, client, NO_SERVER).filter((c) => LOAD_CHECK_IDS.includes(c.id));
  return { client, checks };
}
