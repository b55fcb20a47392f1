/**
 * When the HPA sees the load, and how fast replicas follow: the queries' rate windows against
 * scrape, sync and polling; useCachedMetrics; and the HPA model (libs/scaling) replaying a load
 * step for the trigger it can model.
 */
import { scaleUpLimit, type ScalingPolicy } from '@loadlab/scaling';
import { rpsPerTarget, triggerLabel } from './explain-metrics.ts';
import { REF, say, type Statement } from './keda-refs.ts';
import { replay, type Replay } from './replay.ts';
import { policyOf, type ScaledObjectView } from './scaled-object.ts';

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

export interface TimingContext {
  readonly scrapeSeconds: number;
  readonly syncSeconds: number;
  readonly testSeconds?: number;
}

/** The longest range window of a query, or null. */
export function windowOf(query: string | null): number | null {
  const w = rangeWindows(query ?? '');
  return w.length ? Math.max(...w) : null;
}

function queryWarnings(
  label: string,
  q: string,
  window: number | null,
  c: TimingContext,
): Statement[] {
  const out: Statement[] = [];
  if (window !== null && window < 4 * c.scrapeSeconds)
    out.push(
      say(
        `${label}: rate window ${window} s holds fewer than 4 scrapes of ${c.scrapeSeconds} s: rate() is noisy and returns nothing if a scrape is missed`,
        REF.promRate,
      ),
    );
  if (!/\b(rate|irate)\s*\(/.test(q)) {
    if (/\bincrease\s*\(/.test(q))
      out.push(
        say(
          `${label}: the query uses increase(): a count per ${window ?? '?'} s window, not per second; the threshold is then requests per window, not req/s`,
          REF.promRate,
        ),
      );
    else if (COUNTER.test(q))
      out.push(
        say(
          `${label}: the query returns a count (a counter that only grows), not a rate: replicas rise with every request ever served and never come down; wrap it in rate(...[2m])`,
          REF.promRate,
        ),
      );
  }
  if (window !== null && c.testSeconds !== undefined && window >= c.testSeconds)
    out.push(
      say(
        `${label}: rate window ${window} s is as long as the whole test (${c.testSeconds} s): the metric never shows the full load, so a short test may not scale at all`,
        REF.promRate,
      ),
    );
  else if (window !== null && c.testSeconds !== undefined && window > c.testSeconds / 2)
    out.push(
      say(
        `${label}: rate window ${window} s is more than half the test (${c.testSeconds} s): the metric lags the load for most of it`,
        REF.promRate,
      ),
    );
  return out;
}

/** Rate windows of every query, and how often the HPA's figure is refreshed. */
export function timingStatements(
  v: ScaledObjectView,
  c: TimingContext,
  warnings: Statement[],
): Statement[] {
  const out: Statement[] = [];
  for (const t of v.triggers) {
    if (!t.query) continue;
    const label = triggerLabel(t);
    const window = windowOf(t.query);
    if (window !== null)
      out.push(
        say(
          `${label}: rate window ${window} s: after the load steps up, the metric shows half of the new rate after ${window / 2} s and all of it after ${window} s; it falls as slowly after the load ends. Prometheus scrapes every ${c.scrapeSeconds} s (${Math.floor(window / c.scrapeSeconds)} samples per window).`,
          REF.promRate,
        ),
      );
    warnings.push(...queryWarnings(label, t.query, window, c));
    out.push(pollingStatement(v, t.useCachedMetrics, label, c));
  }
  return out;
}

function pollingStatement(
  v: ScaledObjectView,
  cached: boolean,
  label: string,
  c: TimingContext,
): Statement {
  if (cached)
    return say(
      `${label}: useCachedMetrics: the HPA asks every ${c.syncSeconds} s, but KEDA answers from the value its last poll stored, so every scaling step (1 <-> N too) sees a figure up to pollingInterval ${v.pollingIntervalSeconds} s old.`,
      REF.cachedMetricsRead,
      REF.cachedMetricsWrite,
      REF.pollingLoop,
    );
  return say(
    `${label}: the HPA asks KEDA every ${c.syncSeconds} s (its sync period) and KEDA queries the source on each ask; pollingInterval ${v.pollingIntervalSeconds} s paces only KEDA's own loop (activation, idle and zero).`,
    REF.hpaSyncPeriod,
    REF.cachedMetricsRead,
    REF.pollingLoop,
  );
}

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

export const seconds = (sec: number) => (Number.isFinite(sec) ? `${Math.round(sec)} s` : 'never');

export interface StepReplay {
  readonly policy: ScalingPolicy;
  readonly load: number;
  readonly window: number;
  readonly run: Replay;
  readonly reachedMaxAt: number | null;
}

/** A step to enough load for max, then to 0, replayed by the HPA model; null: not modellable. */
export function replayStep(
  v: ScaledObjectView,
  c: TimingContext,
  podReadySeconds = 0,
): StepReplay | null {
  const perTarget = rpsPerTarget(v);
  if (perTarget === null || !(perTarget > 0)) return null;
  const policy = { ...policyOf(v), threshold: perTarget };
  const window = windowOf(v.modelled?.query ?? null) ?? 60;
  const load = perTarget * v.maxReplicas * 1.2;
  const run = replay(
    [
      { t: 0, rps: load },
      { t: 1800, rps: 0 },
    ],
    policy,
    Infinity,
    { windowSeconds: window, syncPeriodSeconds: c.syncSeconds, podReadySeconds, tailSeconds: 3600 },
  );
  const reachedMaxAt = run.points.find((p) => p.desired >= v.maxReplicas)?.t ?? null;
  return { policy, load, window, run, reachedMaxAt };
}

const policyText = (
  sign: string,
  ps: readonly { type: string; value: number; periodSeconds: number }[],
) =>
  ps
    .map((p) => `${sign}${p.value}${p.type === 'Percent' ? '%' : ' pods'} per ${p.periodSeconds} s`)
    .join(', ');

export function scaleUpStatements(
  v: ScaledObjectView,
  step: StepReplay | null,
  oneToMax: number,
): Statement[] {
  const up = v.behavior.scaleUp;
  const min = Math.max(1, v.minReplicas);
  const out = [
    say(
      `scale-up policies${v.explicit.behavior ? '' : ' (the HPA defaults)'}: ${policyText('+', up.policies)} (selectPolicy ${up.selectPolicy}), stabilization ${up.stabilizationWindowSeconds} s. If the load asked for max at once, the policies alone take ${seconds(oneToMax)} to go from ${min} to ${v.maxReplicas}.`,
      REF.hpaBehaviorDefaults,
    ),
  ];
  if (step)
    out.push(
      say(
        `A step to ${Math.round(step.load)} req/s on ${triggerLabel(v.modelled!)} (enough for max) reaches max after ${step.reachedMaxAt === null ? 'never' : `${step.reachedMaxAt} s`} in the HPA model: the ${step.window} s rate window, not the policies, sets the pace. The other triggers can only make it sooner (the HPA takes the largest).`,
        REF.hpaLargestOfMetrics,
      ),
    );
  else out.push(say(notModelled(v)));
  return out;
}

export function scaleDownStatements(v: ScaledObjectView, step: StepReplay | null): Statement[] {
  const down = v.behavior.scaleDown;
  const out = [
    say(
      `scale-down: stabilization ${down.stabilizationWindowSeconds} s (the HPA keeps the highest recommendation of that window), policies ${policyText('-', down.policies)}.`,
      REF.hpaBehaviorDefaults,
      REF.hpaStabilization,
    ),
  ];
  if (step)
    out.push(
      say(
        `Replicas stay up about ${step.run.scaleDownSeconds === null ? 'more than an hour' : `${step.run.scaleDownSeconds} s`} after the load stops: the rate window (${step.window} s) must drain before the metric falls, then the stabilization window (${down.stabilizationWindowSeconds} s) runs. Every other trigger must also allow it.`,
        REF.hpaLargestOfMetrics,
      ),
    );
  return out;
}

function notModelled(v: ScaledObjectView): string {
  if (!v.modelled)
    return 'No trigger reads a request rate the HPA model can replay (cpu/memory only, or no threshold): times are not modelled.';
  if (v.scalingModifiers?.formula)
    return 'The formula is not a plain multiple of one named trigger, so times are not modelled.';
  return `${triggerLabel(v.modelled)} uses metricType Value, which the HPA model does not replay: times are not modelled.`;
}
