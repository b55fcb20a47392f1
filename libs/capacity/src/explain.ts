/**
 * What KEDA and the HPA will do with a ScaledObject, in plain words, and the known traps.
 * Times come from the HPA model (libs/scaling) replaying a load step, not from rules of thumb.
 * KEDA facts (keda.sh ScaledObject spec): cooldownPeriod only applies when scaling to 0;
 * activation (activationThreshold, pollingInterval) only decides 0 <-> 1; 1 <-> N is the HPA's.
 */
import { scaleUpLimit } from '@loadlab/scaling';
import { replay } from './replay.ts';
import { policyOf, type ScaledObjectView } from './scaled-object.ts';

export interface ExplainContext {
  /** Prometheus' scrape interval for the app (ours: 5 s). */
  readonly scrapeSeconds: number;
  /** The HPA controller's --horizontal-pod-autoscaler-sync-period. */
  readonly syncPeriodSeconds?: number;
  /** How long the load test runs, if one is planned. */
  readonly testSeconds?: number;
  /** Measured capacity of one replica, req/s. */
  readonly capacity?: number;
  readonly podReadySeconds?: number;
}

export interface Explanation {
  readonly sections: readonly { readonly title: string; readonly lines: readonly string[] }[];
  readonly warnings: readonly string[];
  /** The figures behind the words. */
  readonly figures: {
    readonly windowSeconds: number | null;
    readonly oneToMaxSeconds: number;
    readonly policyOnlyOneToMaxSeconds: number;
    readonly stayUpSeconds: number | null;
  };
}

const UNIT: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31536000,
};

/** Every range selector's length in seconds, e.g. [2m] -> 120; [5m:30s] (subquery) -> 300. */
export function rangeWindows(query: string): number[] {
  return [...query.matchAll(/\[([0-9smhdwy]+)(?::[0-9smhdwy]*)?\]/g)].map((m) =>
    [...m[1]!.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)].reduce(
      (t, [, n, u]) => t + Number(n) * UNIT[u!]!,
      0,
    ),
  );
}

const COUNTER = /\b[a-zA-Z_:][\w:]*_(total|count|sum|bucket)\b/;

/** Seconds from min (at least 1) to max if the load called for max at once: the policies alone. */
export function policyOneToMaxSeconds(v: ScaledObjectView, sync = 15): number {
  const p = policyOf(v);
  let current = p.minReplicas;
  const events: { t: number; change: number }[] = [];
  if (current >= p.maxReplicas) return 0;
  for (let t = 0; t < 3600; t += sync) {
    const next = Math.min(p.maxReplicas, scaleUpLimit(current, events, t, p.behavior.scaleUp));
    if (next <= current) return Infinity; // policies that never add a pod (selectPolicy Disabled)
    events.push({ t, change: next - current });
    current = next;
    if (current >= p.maxReplicas) return t;
  }
  return Infinity;
}

const s = (sec: number) => (Number.isFinite(sec) ? `${Math.round(sec)} s` : 'never');

export function explain(v: ScaledObjectView, c: ExplainContext): Explanation {
  const sync = c.syncPeriodSeconds ?? 15;
  const warnings: string[] = [];
  const sections: { title: string; lines: string[] }[] = [];
  const T = v.threshold;
  const q = v.query ?? '';
  const windows = rangeWindows(q);
  const window = windows.length ? Math.max(...windows) : null;

  // 1. the metric type
  const metric: string[] = [];
  if (v.metricType === 'AverageValue') {
    metric.push(
      `metricType AverageValue: KEDA gives the HPA the query's value; the HPA divides it by the current replica count and compares that with the threshold ${T}.`,
      `So the replicas it wants are ceil(value / ${T}), whatever runs now: at ${T * 6} req/s, ${Math.min(v.maxReplicas, 6)} replicas. Graph value / replicas, not value, to see what each replica is judged on.`,
      `The query must therefore return the total over all pods (a sum), not a per-pod average.`,
    );
    if (/\bavg\s*(\(|by|without)/.test(q))
      warnings.push(
        'the query averages (avg) but AverageValue divides by replicas again: it scales on value / replicas², far too little',
      );
  } else if (v.metricType === 'Value') {
    metric.push(
      `metricType Value: the HPA compares the query's value itself with ${T}: replicas = ceil(current × value / ${T}).`,
    );
    if (/\bsum\s*(\(|by|without)/.test(q))
      warnings.push(
        'metricType Value with a summed query: the total keeps rising with load however many replicas serve it, so the HPA adds replicas until max; use AverageValue',
      );
  } else {
    metric.push(
      `metricType Utilization: a percentage of the pods' resource requests (CPU or memory triggers).`,
    );
  }
  metric.push(
    `Within ±10% of the target (the HPA's tolerance) nothing changes: it scales up only once value > ${T} × replicas × 1.1.`,
  );
  sections.push({ title: 'What the HPA compares', lines: metric });

  // 2. the query's window against scrape, sync and polling
  const timing: string[] = [];
  if (!q) timing.push(`trigger ${v.triggerType} has no PromQL query to read.`);
  else timing.push(`query: ${q}`);
  if (window !== null) {
    timing.push(
      `rate window ${window} s: after the load steps up, the metric shows half of the new rate after ${window / 2} s and all of it after ${window} s; it falls as slowly after the load ends.`,
      `Prometheus scrapes every ${c.scrapeSeconds} s (${Math.floor(window / c.scrapeSeconds)} samples per window); the HPA asks KEDA every ${sync} s (its sync period), and KEDA queries Prometheus on each ask.`,
    );
    if (window < 4 * c.scrapeSeconds)
      warnings.push(
        `rate window ${window} s holds fewer than 4 scrapes of ${c.scrapeSeconds} s: rate() is noisy and returns nothing if a scrape is missed`,
      );
  }
  timing.push(
    v.minReplicas === 0
      ? `pollingInterval ${v.pollingIntervalSeconds} s: how often KEDA checks whether to wake the workload from 0.`
      : `pollingInterval ${v.pollingIntervalSeconds} s matters only for 0 <-> 1; with minReplicaCount ${v.minReplicas} the HPA's ${sync} s sync drives every change.`,
  );
  if (q && !/\b(rate|irate)\s*\(/.test(q)) {
    if (/\bincrease\s*\(/.test(q))
      warnings.push(
        `the query uses increase(): a count per ${window ?? '?'} s window, not per second; the threshold ${T} is then requests per window, not req/s`,
      );
    else if (COUNTER.test(q))
      warnings.push(
        'the query returns a count (a counter that only grows), not a rate: replicas rise with every request ever served and never come down; wrap it in rate(...[2m])',
      );
  }
  if (window !== null && c.testSeconds !== undefined && window >= c.testSeconds)
    warnings.push(
      `rate window ${window} s is as long as the whole test (${c.testSeconds} s): the metric never shows the full load, so a short test may not scale at all`,
    );
  else if (window !== null && c.testSeconds !== undefined && window > c.testSeconds / 2)
    warnings.push(
      `rate window ${window} s is more than half the test (${c.testSeconds} s): the metric lags the load for most of it`,
    );
  sections.push({ title: 'When the HPA sees the load', lines: timing });

  // 3. 1 -> max, and 4. how long replicas stay up, from the HPA model.
  const policy = policyOf(v);
  const oneToMax = policyOneToMaxSeconds(v, sync);
  const load = T * v.maxReplicas * 1.2;
  const r = replay(
    [
      { t: 0, rps: load },
      { t: 1800, rps: 0 },
    ],
    policy,
    Infinity,
    {
      windowSeconds: window ?? 60,
      syncPeriodSeconds: sync,
      podReadySeconds: c.podReadySeconds ?? 0,
      tailSeconds: 3600,
    },
  );
  const reachedMaxAt = r.points.find((p) => p.desired >= v.maxReplicas)?.t ?? null;
  const up = v.behavior.scaleUp;
  sections.push({
    title: `From ${policy.minReplicas} to ${v.maxReplicas} replicas`,
    lines: [
      `scale-up policies: ${up.policies.map((p) => `+${p.value}${p.type === 'Percent' ? '%' : ' pods'} per ${p.periodSeconds} s`).join(', ')} (selectPolicy ${up.selectPolicy}), stabilization ${up.stabilizationWindowSeconds} s.`,
      `If the load asked for max at once, the policies alone take ${s(oneToMax)} to go from ${policy.minReplicas} to ${v.maxReplicas}.`,
      `A step to ${Math.round(load)} req/s (enough for max) reaches max after ${reachedMaxAt === null ? 'never' : `${reachedMaxAt} s`} in the HPA model: the ${window ?? '?'} s rate window, not the policies, sets the pace.`,
    ],
  });
  const down = v.behavior.scaleDown;
  sections.push({
    title: 'After the load ends',
    lines: [
      `scale-down: stabilization ${down.stabilizationWindowSeconds} s (the HPA keeps the highest recommendation of that window), policies ${down.policies.map((p) => `-${p.value}${p.type === 'Percent' ? '%' : ' pods'} per ${p.periodSeconds} s`).join(', ')}.`,
      `Replicas stay up about ${r.scaleDownSeconds === null ? 'more than an hour' : `${r.scaleDownSeconds} s`} after the load stops: the rate window (${window ?? '?'} s) must drain before the metric falls, then the stabilization window (${down.stabilizationWindowSeconds} s) runs.`,
    ],
  });
  if (down.stabilizationWindowSeconds === 0)
    warnings.push(
      'scaleDown stabilizationWindowSeconds 0: every dip in the load removes pods at once (flapping)',
    );

  // 5. activation and cooldown with this minReplicaCount
  const act: string[] = [];
  if (v.minReplicas >= 1) {
    act.push(
      `minReplicaCount ${v.minReplicas}: KEDA never scales to 0, so activationThreshold ${v.activationThreshold} has no effect on the replica count (activation only decides 0 <-> 1).`,
      `cooldownPeriod ${v.cooldownPeriodSeconds} s${v.explicit.cooldownPeriod ? '' : ' (the default)'} has no effect either: it only applies when scaling to 0. Scale-down from N to ${v.minReplicas} follows the HPA behavior above.`,
    );
    if (v.explicit.cooldownPeriod)
      warnings.push(
        `cooldownPeriod ${v.cooldownPeriodSeconds} s has no effect with minReplicaCount ${v.minReplicas}: it only applies when scaling to 0; tune advanced.horizontalPodAutoscalerConfig.behavior.scaleDown instead`,
      );
  } else {
    act.push(
      `minReplicaCount 0: while the query stays at or below activationThreshold ${v.activationThreshold} the workload is inactive; KEDA checks every ${v.pollingIntervalSeconds} s and wakes it to 1 above that.`,
      `After the last active check, KEDA waits cooldownPeriod ${v.cooldownPeriodSeconds} s and scales to 0; the next request then waits for a pod to start.`,
    );
    if (v.activationThreshold >= T)
      warnings.push(
        `activationThreshold ${v.activationThreshold} ≥ threshold ${T}: the workload wakes only when it already needs more than one replica`,
      );
  }
  sections.push({ title: 'Activation and cooldown', lines: act });

  // the measured capacity
  if (c.capacity !== undefined) {
    const lines = [
      `one replica holds ${c.capacity} req/s within the SLO; the threshold ${T} is ${Math.round((T / c.capacity) * 100)}% of it.`,
    ];
    if (T > c.capacity)
      warnings.push(
        `threshold ${T} is above the measured capacity ${c.capacity} req/s: each replica breaks the SLO before KEDA adds another; use about ${Math.floor(c.capacity * 0.7)} (70%)`,
      );
    else if (T > c.capacity * 0.9)
      warnings.push(
        `threshold ${T} is over 90% of the measured capacity ${c.capacity} req/s: no headroom while new pods start`,
      );
    sections.push({ title: 'Against the measured capacity', lines });
  }

  return {
    sections,
    warnings,
    figures: {
      windowSeconds: window,
      oneToMaxSeconds: reachedMaxAt ?? Infinity,
      policyOnlyOneToMaxSeconds: oneToMax,
      stayUpSeconds: r.scaleDownSeconds,
    },
  };
}

export function explanationText(v: ScaledObjectView, e: Explanation): string {
  const out = [
    `ScaledObject ${v.namespace}/${v.name} -> Deployment ${v.target}, ${v.minReplicas}-${v.maxReplicas} replicas`,
  ];
  for (const sec of e.sections) {
    out.push('', `${sec.title}:`);
    for (const l of sec.lines) out.push(`  ${l}`);
  }
  out.push('');
  if (e.warnings.length) {
    out.push(`warnings (${e.warnings.length}):`);
    for (const w of e.warnings) out.push(`  ! ${w}`);
  } else out.push('no known traps found.');
  return `${out.join('\n')}\n`;
}
