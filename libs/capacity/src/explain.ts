/**
 * What KEDA 2.20.2 and the HPA will do with a ScaledObject, in plain words, and the known traps.
 * Every statement names the upstream code it rests on (keda-refs.ts); an object KEDA would refuse
 * is reported as refused, with KEDA's reason, and nothing else is claimed about it. Times come
 * from the HPA model (libs/scaling) replaying a load step, not from rules of thumb.
 */
import { admit, type Admission, type Rejection } from './keda-admission.ts';
import { fallbackStatements, lifecycleStatements } from './explain-lifecycle.ts';
import { modifierStatements, triggerStatements } from './explain-metrics.ts';
import {
  policyOneToMaxSeconds,
  replayStep,
  scaleDownStatements,
  scaleUpStatements,
  timingStatements,
  windowOf,
} from './explain-timing.ts';
import { READ_AT, REF, refText, say, type Statement } from './keda-refs.ts';
import type { ScaledObjectView } from './scaled-object.ts';

export { rangeWindows, policyOneToMaxSeconds } from './explain-timing.ts';

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
  /** The other ScaledObjects of the same input (one workload, one HPA per ScaledObject). */
  readonly others?: readonly ScaledObjectView[];
}

export interface Section {
  readonly title: string;
  readonly lines: readonly Statement[];
}

export interface Explanation {
  /** rejected: KEDA refuses it (schema or webhook); broken: accepted, but a scaler cannot be built. */
  readonly verdict: 'accepted' | 'rejected' | 'broken';
  readonly rejections: readonly Rejection[];
  readonly kedaWarnings: Admission['kedaWarnings'];
  readonly sections: readonly Section[];
  readonly warnings: readonly Statement[];
  /** The figures behind the words (null: not modelled). */
  readonly figures: {
    readonly windowSeconds: number | null;
    readonly oneToMaxSeconds: number | null;
    readonly policyOnlyOneToMaxSeconds: number;
    readonly stayUpSeconds: number | null;
  };
}

function capacitySection(
  v: ScaledObjectView,
  capacity: number,
  warnings: Statement[],
): Section | null {
  const T = v.scalingModifiers ? null : v.modelled?.threshold;
  if (T === null || T === undefined || v.modelled?.metricType === 'Value') return null;
  if (T > capacity)
    warnings.push(
      say(
        `threshold ${T} is above the measured capacity ${capacity} req/s: each replica breaks the SLO before KEDA adds another; use about ${Math.floor(capacity * 0.7)} (70%)`,
      ),
    );
  else if (T > capacity * 0.9)
    warnings.push(
      say(
        `threshold ${T} is over 90% of the measured capacity ${capacity} req/s: no headroom while new pods start`,
      ),
    );
  return {
    title: 'Against the measured capacity',
    lines: [
      say(
        `one replica holds ${capacity} req/s within the SLO; the threshold ${T} is ${Math.round((T / capacity) * 100)}% of it.`,
      ),
    ],
  };
}

function refused(admission: Admission): Explanation {
  return {
    verdict: admission.rejections.some((r) => r.by !== 'scaler') ? 'rejected' : 'broken',
    rejections: admission.rejections,
    kedaWarnings: [],
    sections: [],
    warnings: [],
    figures: {
      windowSeconds: null,
      oneToMaxSeconds: null,
      policyOnlyOneToMaxSeconds: Infinity,
      stayUpSeconds: null,
    },
  };
}

export function explain(v: ScaledObjectView, c: ExplainContext): Explanation {
  const admission = admit(v, c.others);
  if (admission.rejections.length) return refused(admission);
  const timing = {
    scrapeSeconds: c.scrapeSeconds,
    syncSeconds: c.syncPeriodSeconds ?? 15,
    testSeconds: c.testSeconds,
  };
  const warnings: Statement[] = [];
  const step = replayStep(v, timing, c.podReadySeconds);
  const oneToMax = policyOneToMaxSeconds(v, timing.syncSeconds);
  const min = Math.max(1, v.minReplicas);
  const sections: Section[] = [
    {
      title: 'What the HPA compares',
      lines: [...triggerStatements(v, warnings), ...modifierStatements(v, warnings)],
    },
    { title: 'When the HPA sees the load', lines: timingStatements(v, timing, warnings) },
    {
      title: `From ${min} to ${v.maxReplicas} replicas`,
      lines: scaleUpStatements(v, step, oneToMax),
    },
    { title: 'After the load ends', lines: scaleDownStatements(v, step) },
    { title: 'Activation, idle and cooldown', lines: lifecycleStatements(v, warnings) },
    { title: 'When a trigger cannot be read', lines: fallbackStatements(v, warnings) },
  ].filter((s) => s.lines.length);
  if (v.behavior.scaleDown.stabilizationWindowSeconds === 0)
    warnings.push(
      say(
        'scaleDown stabilizationWindowSeconds 0: every dip in the load removes pods at once (flapping)',
        REF.hpaStabilization,
      ),
    );
  const cap = c.capacity === undefined ? null : capacitySection(v, c.capacity, warnings);
  if (cap) sections.push(cap);
  return {
    verdict: 'accepted',
    rejections: [],
    kedaWarnings: admission.kedaWarnings,
    sections,
    warnings,
    figures: {
      windowSeconds: step?.window ?? windowOf(v.modelled?.query ?? null),
      oneToMaxSeconds: step ? (step.reachedMaxAt ?? Infinity) : null,
      policyOnlyOneToMaxSeconds: oneToMax,
      stayUpSeconds: step?.run.scaleDownSeconds ?? null,
    },
  };
}

/** The KEDA whose rules these are, as its release names itself (2.20.2). */
const KEDA = READ_AT.keda.slice(1);

const sources = (s: Statement) =>
  s.refs.length ? [`      (${s.refs.map(refText).join('; ')})`] : [];

function rejectionText(e: Explanation): string[] {
  const by =
    e.verdict === 'rejected'
      ? `REJECTED by KEDA ${KEDA} (kubectl apply fails)`
      : `ACCEPTED but KEDA ${KEDA} cannot build its scalers: no HPA is made, nothing scales`;
  const out = [by + ':'];
  for (const r of e.rejections)
    out.push(`  ${r.by}: ${r.reason.replace(/\n/g, ': ')}`, `      (${refText(r.ref)})`);
  if (
    e.rejections.some((r) => r.ref === REF.cpuMemoryRequests || r.ref === REF.cpuMemoryScaleToZero)
  )
    out.push(
      '  (kubectl apply --dry-run=server does not catch this: the webhook skips its cpu/memory checks on dry runs)',
      `      (${refText(REF.webhookDryRun)})`,
    );
  if (e.rejections.filter((r) => r.by === 'admission webhook').length > 1)
    out.push(
      '  (KEDA names the first check that fails; its checks run in a Go map, in no fixed order)',
      `      (${refText(REF.webhookRandomOrder)})`,
    );
  return out;
}

export function explanationText(v: ScaledObjectView, e: Explanation): string {
  const out = [
    `ScaledObject ${v.namespace}/${v.name} -> ${v.targetKind} ${v.target}, ${v.minReplicas}-${v.maxReplicas} replicas`,
  ];
  if (e.verdict !== 'accepted') return `${[...out, '', ...rejectionText(e)].join('\n')}\n`;
  for (const sec of e.sections) {
    out.push('', `${sec.title}:`);
    for (const l of sec.lines) out.push(`  ${l.text}`, ...sources(l));
  }
  out.push('');
  for (const w of e.kedaWarnings)
    out.push(`KEDA's webhook warns: ${w.text}`, `      (${refText(w.ref)})`);
  if (e.warnings.length) {
    out.push(`warnings (${e.warnings.length}):`);
    for (const w of e.warnings) out.push(`  ! ${w.text}`, ...sources(w));
  } else out.push('no known traps found.');
  return `${out.join('\n')}\n`;
}

/** 0 no traps, 1 warnings or refused by KEDA. */
export const explainExitCode = (e: Explanation) =>
  e.verdict !== 'accepted' || e.warnings.length || e.kedaWarnings.length ? 1 : 0;
