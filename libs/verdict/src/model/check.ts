/**
 * A check has three outcomes: it passed or failed on a measured value, or it could not be judged
 * (with the reason, naming what is missing and how to fix it). "Not judged" is never a pass.
 */

export type Outcome = 'pass' | 'fail' | 'not-judged';

export interface Check {
  readonly id: string;
  readonly name: string;
  readonly outcome: Outcome;
  /** The measured figure; null when nothing was measured (then never a pass). */
  readonly measured: number | null;
  readonly expected: string;
  readonly unit: string;
  /** Declared beside the SLO: a required check decides the run, the others inform. */
  readonly required: boolean;
  /** Why it was not judged (and the fix), or why it failed without a figure. */
  readonly reason?: string;
  /** What the figure covers, e.g. the share of the window the model was compared on. */
  readonly note?: string;
}

export interface CheckSpec {
  readonly id: string;
  readonly name: string;
  readonly expected: string;
  readonly unit: string;
}

/** Why a figure cannot be judged, or why the check failed without one. */
export interface Why {
  readonly notJudged?: string;
  readonly failed?: string;
  readonly note?: string;
}

/**
 * Judges a figure with `ok`. A check with a not-judged reason, or with no figure at all, is not
 * judged: nothing measured never passes. A check can fail on evidence without a figure (e.g. "no
 * scale-up in the whole window after the crossing").
 */
export function judgeFigure(
  spec: CheckSpec,
  value: number | null,
  ok: (value: number) => boolean,
  why: Why = {},
): Omit<Check, 'required'> {
  const note = why.note === undefined ? {} : { note: why.note };
  if (why.notJudged !== undefined || (value === null && why.failed === undefined))
    return {
      ...spec,
      outcome: 'not-judged',
      measured: null,
      reason: why.notJudged ?? 'nothing was measured',
      ...note,
    };
  if (why.failed !== undefined)
    return { ...spec, outcome: 'fail', measured: value, reason: why.failed, ...note };
  return { ...spec, outcome: ok(value!) ? 'pass' : 'fail', measured: value, ...note };
}

/** Marks each check required or not, from the ids declared beside the SLO. */
export function withRequired(
  checks: readonly Omit<Check, 'required'>[],
  required: readonly string[],
): Check[] {
  return checks.map((c) => ({ ...c, required: required.includes(c.id) }));
}

export type Decision =
  | { readonly status: 'pass' }
  | { readonly status: 'failed' }
  | { readonly status: 'could-not-run'; readonly reason: string };

/**
 * PASS only when every required check passed on a measured value. A required check that failed
 * fails the run (that is evidence); otherwise a required check that was not judged makes it
 * COULD NOT RUN, naming each one and why. Checks that are not required never decide the run.
 */
export function decide(checks: readonly Check[]): Decision {
  const required = checks.filter((c) => c.required);
  if (required.length === 0)
    return { status: 'could-not-run', reason: 'no required check: declare some beside the SLO' };
  if (required.some((c) => c.outcome === 'fail')) return { status: 'failed' };
  const unjudged = required.filter((c) => c.outcome !== 'pass' || c.measured === null);
  if (unjudged.length) {
    return {
      status: 'could-not-run',
      reason: `required checks not judged: ${unjudged.map((c) => `${c.id} (${c.reason ?? 'nothing measured'})`).join('; ')}`,
    };
  }
  return { status: 'pass' };
}
