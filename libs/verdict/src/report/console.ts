/** The verdict as a table for the terminal. */
import type { Verdict } from '../model/verdict.ts';
import { details, formatExpected, formatMeasured, outcomeLabel, STATUS_TEXT } from './format.ts';

export function consoleReport(v: Verdict): string {
  const lines: string[] = [];
  lines.push(
    `verdict: ${STATUS_TEXT[v.status]}  (${v.run.suite}, testid ${v.run.testid}, ${v.run.target})`,
  );
  if (v.reason) lines.push(`  ${v.reason}`);
  if (v.checks.length) {
    const rows = v.checks.map((c) => [
      outcomeLabel(c),
      c.name,
      formatMeasured(c),
      formatExpected(c),
    ]);
    const head = ['', 'check', 'measured', 'expected'];
    const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (r: string[]) => `  ${r.map((cell, i) => cell.padEnd(w[i]!)).join('  ')}`.trimEnd();
    lines.push(fmt(head));
    v.checks.forEach((c, i) => {
      lines.push(fmt(rows[i]!));
      for (const d of details(c)) lines.push(`  ${' '.repeat(w[0]!)}    ${d}`);
    });
  }
  const source = clientSource(v);
  if (source) lines.push(source);
  const p = v.prediction;
  if (p) {
    lines.push(
      `autoscaling (predicted by the HPA model): peak ${p.maxReplicas} replica(s), ` +
        `${p.reachedMax ? 'reached' : 'did not reach'} max, first scale-up ${p.firstScaleUpSeconds === null ? 'never' : `at ${p.firstScaleUpSeconds}s`}, ` +
        `${p.peakLoadPerReplica.toFixed(1)} req/s per replica at peak`,
    );
  }
  for (const h of v.hints) lines.push(`hint: ${h}`);
  for (const e of v.outputErrors ?? []) lines.push(`k6 output problem: ${e}`);
  if (v.profile?.length) {
    lines.push('top functions by self time (--profile):');
    for (const f of v.profile.slice(0, 5))
      lines.push(`  ${(f.selfShare * 100).toFixed(1).padStart(5)}%  ${f.name}  ${f.location}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Says where the client figures come from when it is not one k6 summary. */
export function clientSource(v: Verdict): string | undefined {
  const c = v.client;
  if (c?.source !== 'prometheus') return undefined;
  return `client figures from Prometheus alone: ${c.generators ?? '?'} k6 generator(s), counts summed, percentiles from their summed native histograms, thresholds re-evaluated on the whole`;
}
