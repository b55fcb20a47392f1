/**
 * docs/choosing-a-threshold.md from one capacity run: the template's {{placeholders}} filled with
 * the run's transcript, the machine's figures beside it (load average, idle CPU, what else ran),
 * the pod's levels, the advice and explain's reading. A run that is not fit to publish (no stable
 * figure, a noisy machine, generator-bound, unconstrained) is refused, or with --allow-noisy
 * published under a banner that says so.
 */
import type { BusyProcess } from '@loadlab/capacity';
import { adviceLines, podLines, type CapacityRun } from './capacity-report.ts';

export interface DocInputs {
  readonly command: string;
  /** ISO date of the run. */
  readonly date: string;
  readonly transcript: string;
  readonly run: CapacityRun;
  /** The advice when the run withheld it (noisy, with --allow-noisy): from --capacity=N. */
  readonly advice?: CapacityRun['advice'];
  readonly explain: string;
  /** The busiest processes outside the run just before it. */
  readonly others: readonly BusyProcess[];
  /** Why it is published anyway (--allow-noisy): the reasons it would have been refused. */
  readonly unreliable?: readonly string[];
}

/** Why this run's figure must not be published as the guide's; empty when it may. */
export function docRefusal(run: CapacityRun): string[] {
  const why: string[] = [];
  if (run.capacity === null) why.push(`no capacity figure (${run.reason ?? 'not judged'})`);
  else if (run.result && !run.result.stable) why.push('the figure did not settle');
  if (run.sizedFrom?.level === 'unconstrained')
    why.push('measured --unconstrained, not as the pod gets it');
  if (!run.result && run.capacity !== null) why.push('given with --capacity, not measured');
  for (const l of run.levels ?? []) {
    if (l.machine && !l.machine.reliable)
      why.push(`noisy machine at the ${l.level}: ${l.machine.reasons.join('; ')}`);
    // A generator-bound level that the advice does not size from gives no figure, and the guide
    // says so (on 2 cores, k6 cannot outrun the API at its 1-CPU limit); the advice stands.
    const sizesAdvice = !run.sizedFrom || run.sizedFrom.level === l.level;
    if (l.result?.generatorBoundAt !== undefined && sizesAdvice)
      why.push(`generator-bound at ${l.result.generatorBoundAt} req/s at the ${l.level}`);
  }
  return why;
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

/** The machine's figures as a table, one row per search, and what else was running. */
export function machineSection(run: CapacityRun, others: readonly BusyProcess[]): string {
  const rows = (run.levels ?? [])
    .filter((l) => l.machine?.before)
    .map((l) => {
      const m = l.machine!;
      const b = m.before!;
      return `| ${l.level} | ${b.cores} | ${b.load1.toFixed(2)} | ${pct(b.idleShare)} | ${b.outsideCores.toFixed(2)} | ${pct(b.stealShare)} | ${m.noisyPlateaus.length} of ${m.watchedPlateaus} | ${m.generatorBound.length} | ${m.reliable ? 'quiet enough' : `**NOISY**: ${m.reasons.join('; ')}`} |`;
    });
  const table = rows.length
    ? [
        '| search | cores | load average (1 min) before | idle CPU before | other processes (cores) before | steal before | noisy plateaus | generator-bound plateaus | verdict |',
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
        ...rows,
      ].join('\n')
    : '(no machine figures: the figure was not measured)';
  const busy = others.length
    ? `What else was running just before (busiest processes outside the run, 3 s): ${others.map((p) => `\`${p.comm}\` ${p.cores.toFixed(2)} cores`).join(', ')}.`
    : 'Nothing else used a measurable share of the CPU just before the run.';
  return `${table}\n\n${busy}`;
}

export function renderThresholdDoc(template: string, d: DocInputs): string {
  const advice = d.run.advice ?? d.advice;
  const values: Record<string, string> = {
    notice: d.unreliable?.length
      ? `> **UNRELIABLE: published with --allow-noisy.** This run would have been refused: ${d.unreliable.join('; ')}. Do not size from it; regenerate on a quiet machine.\n\n`
      : '',
    command: d.command,
    date: d.date,
    machine: machineSection(d.run, d.others),
    transcript: d.transcript.trimEnd(),
    pod: podLines(d.run)
      .map((l) => `- ${l.trim()}`)
      .join('\n'),
    advice: advice
      ? [
          `advice, sized for ${d.run.sizedFor ?? 'the profile'}:`,
          ...adviceLines(advice).map((l) => `  ${l}`),
          ...advice.findings.map((f) => `  - ${f}`),
        ].join('\n')
      : 'no advice: there is no figure to size from',
    explain: d.explain.trimEnd(),
  };
  const out = template.replace(/\{\{(\w+)\}\}/g, (m, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`the template has an unknown placeholder ${m}`);
    return v;
  });
  return out;
}
