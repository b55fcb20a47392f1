import type { Check } from '../judge.ts';

export function formatMeasured(c: Check): string {
  if (c.measured === null) return 'n/a';
  if (c.unit === 'ratio') return `${(c.measured * 100).toFixed(2)}%`;
  if (c.unit === 'ms') return `${c.measured.toFixed(1)} ms`;
  return `${Math.round(c.measured * 100) / 100} ${c.unit}`;
}

export function formatExpected(c: Check): string {
  if (c.unit === 'ratio')
    return c.expected.replace(/([\d.]+)/, (n) => `${(Number(n) * 100).toFixed(2)}%`);
  return c.unit === 'ms' ? `${c.expected} ms` : c.expected;
}

export const STATUS_TEXT = {
  pass: 'PASS',
  'slo-failed': 'SLO FAILED',
  'scaling-failed': 'SCALING FAILED',
  'could-not-run': 'COULD NOT RUN',
} as const;
