import type { Check } from '../model/check.ts';

export function formatMeasured(c: Check): string {
  if (c.measured === null) return c.outcome === 'not-judged' ? 'not measured' : 'none';
  if (c.unit === 'ratio') return `${(c.measured * 100).toFixed(2)}%`;
  if (c.unit === 'ms') return `${c.measured.toFixed(1)} ms`;
  return `${Math.round(c.measured * 100) / 100} ${c.unit}`;
}

export function formatExpected(c: Check): string {
  if (c.unit === 'ratio')
    return c.expected.replace(/([\d.]+)/, (n) => `${(Number(n) * 100).toFixed(2)}%`);
  return c.unit === 'ms' ? `${c.expected} ms` : c.expected;
}

/** Each outcome in words: "not judged" is its own state, never a tick. */
export const OUTCOME_TEXT = { pass: 'pass', fail: 'FAIL', 'not-judged': 'NOT JUDGED' } as const;

/** The outcome column, marking checks that inform only. */
export const outcomeLabel = (c: Check) =>
  `${OUTCOME_TEXT[c.outcome]}${c.required ? '' : ' (optional)'}`;

/** The reason and the coverage note, for the line under a check. */
export const details = (c: Check) => [c.reason, c.note].filter((s): s is string => !!s);

export const STATUS_TEXT = {
  pass: 'PASS',
  'slo-failed': 'SLO FAILED',
  'scaling-failed': 'SCALING FAILED',
  'could-not-run': 'COULD NOT RUN',
} as const;
