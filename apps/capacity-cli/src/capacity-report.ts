/**
 * The capacity report: the figure with its spread, every ladder, the advice, and charts of the
 * HPA model replaying the profile under the current and the recommended settings. Same inline
 * SVG charts as the verdict report: no script, no network.
 */
import {
  formatCpu,
  formatMemory,
  type Advice,
  type CapacityResult,
  type MachineAssessment,
  type PodResources,
  type Replay,
} from '@loadlab/capacity';
import { lineChart, type ChartSpec, type Series } from '@loadlab/verdict';

/** One search, at one CPU level of the pod (or unconstrained, or a --base-url replica as it is). */
export interface LevelRun {
  readonly level: 'request' | 'limit' | 'unconstrained' | 'as-is';
  /** Cores the API could use (its cgroup's CPU quota); null: not limited by loadlab. */
  readonly cpu: number | null;
  readonly result?: CapacityResult;
  readonly capacity: number | null;
  readonly machine?: MachineAssessment;
  /** API processes the kernel killed at the memory limit during this search. */
  readonly oomKills?: number;
  /** Why this level has no figure to size from. */
  readonly reason?: string;
}

/** The Deployment the local API imitates, as read from the rendered manifest. */
export interface PodRun extends PodResources {
  readonly source: string;
  /** The cgroup version the API ran in; null when unconstrained. */
  readonly cgroup: 'v1' | 'v2' | null;
  readonly constrained: boolean;
}

export interface CapacityRun {
  readonly id: string;
  readonly target: string;
  readonly slo: { readonly p95Ms: number; readonly maxErrorRate: number };
  readonly plateauSeconds: number;
  /** Absent when the capacity was given (--capacity), not measured. */
  readonly result?: CapacityResult;
  readonly capacity: number | null;
  readonly advice?: Advice;
  /** What the advice sized for: "suite ramp (full)" or "peak 600 req/s". */
  readonly sizedFor?: string;
  /** Who used the CPU before and during the search; absent when the figure was given. */
  readonly machine?: MachineAssessment;
  /** The pod whose settings the local API ran under (absent with --base-url or --capacity). */
  readonly pod?: PodRun;
  /** Every search, one per CPU level; result, machine and capacity above are the sized-from one's. */
  readonly levels?: readonly LevelRun[];
  /** Which level the advice sizes from, and why. */
  readonly sizedFrom?: {
    readonly level: LevelRun['level'];
    readonly cpu: number | null;
    readonly why: string;
  };
  readonly reason?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const C = {
  current: '#ff7f0e',
  recommended: '#2ca02c',
  load: '#1f77b4',
  limit: '#d62728',
  thr: '#9467bd',
};
const r1 = (v: number) => Math.round(v * 10) / 10;

/** One point every `step` seconds keeps the SVG small. */
const series = (
  name: string,
  r: Replay,
  pick: (p: Replay['points'][number]) => number,
  step = 5,
): Series => ({
  name,
  points: r.points.filter((p) => p.t % step === 0).map((p) => [p.t, pick(p)] as const),
});

export function capacityCharts(run: CapacityRun): ChartSpec[] {
  const a = run.advice;
  if (!a || run.capacity === null) return [];
  const cur = a.currentReplay;
  const rec = a.recommendedReplay;
  return [
    {
      id: 'chart-load',
      title: 'Offered load and the KEDA metric (rate window)',
      unit: 'req/s',
      lines: [
        { series: series('offered', rec, (p) => p.offered), color: C.load },
        { series: series('KEDA metric', rec, (p) => p.metric), color: C.thr, dashed: true },
      ],
    },
    {
      id: 'chart-replicas',
      title: 'Predicted ready replicas',
      unit: 'replicas',
      lines: [
        {
          series: series(`current (threshold ${a.current.threshold})`, cur, (p) => p.ready),
          color: C.current,
          step: true,
        },
        {
          series: series(`recommended (threshold ${a.recommended.threshold})`, rec, (p) => p.ready),
          color: C.recommended,
          step: true,
          dashed: true,
        },
      ],
      refs: [
        {
          value: a.recommended.maxReplicas,
          label: `recommended max ${a.recommended.maxReplicas}`,
          color: C.limit,
        },
      ],
    },
    {
      id: 'chart-per-replica',
      title: 'Predicted load per ready replica against capacity',
      unit: 'req/s',
      lines: [
        { series: series('current', cur, (p) => p.perReplica), color: C.current },
        {
          series: series('recommended', rec, (p) => p.perReplica),
          color: C.recommended,
          dashed: true,
        },
      ],
      refs: [
        { value: run.capacity, label: `capacity ${r1(run.capacity)}`, color: C.limit },
        {
          value: a.recommended.threshold,
          label: `threshold ${a.recommended.threshold}`,
          color: C.thr,
        },
      ],
    },
  ];
}

const cores = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : v.toFixed(2);

function machineCells(
  m: CapacityResult['rounds'][number]['result']['plateaus'][number]['machine'],
): string {
  if (!m) return '<td>–</td><td>–</td><td>–</td><td>–</td><td>–</td>';
  return `<td>${cores(m.k6Cores)}</td><td>${cores(m.apiCores)}</td><td>${cores(m.outsideCores)}</td><td>${(m.idleShare * 100).toFixed(0)}%</td><td>${m.load1.toFixed(1)}</td>`;
}

/** The machine: quiet enough, or why not; and any generator-bound plateau. */
export function machineLines(m: MachineAssessment): string[] {
  const b = m.before;
  const out = [
    m.reliable
      ? `machine: quiet enough (${m.noisyPlateaus.length} of ${m.watchedPlateaus} plateaus noisy)`
      : `machine: UNRELIABLE, ${m.reasons.join('; ')}`,
  ];
  if (b)
    out.push(
      `before the search: ${b.cores} cores, ${(b.idleShare * 100).toFixed(0)}% idle, others ${b.outsideCores.toFixed(2)} cores, steal ${(b.stealShare * 100).toFixed(0)}%, load average ${b.load1.toFixed(1)}`,
    );
  for (const g of m.generatorBound)
    out.push(`round ${g.round}: ${g.rate} req/s is generator-bound, not a knee: ${g.why}`);
  return out;
}

function ladders(r: CapacityResult): string {
  return r.rounds
    .map(
      (round) =>
        `<h3>Round ${round.round} (${round.phase}): knee ${round.result.knee ?? '–'} req/s${round.result.firstBreak ? `, first break ${round.result.firstBreak}` : ''}</h3>` +
        `<table class="ladder"><tr><th>rate</th><th>requests</th><th>p95</th><th>errors</th><th>dropped</th><th>k6 CPU</th><th>API CPU</th><th>others</th><th>idle</th><th>load</th><th>outcome</th></tr>${round.result.plateaus
          .map(
            (p) =>
              `<tr class="${p.outcome}"><td>${p.rate}</td><td>${p.requests}</td><td>${p.p95Ms === null ? '–' : `${p.p95Ms.toFixed(1)} ms`}</td><td>${p.errorRate === null ? '–' : `${(p.errorRate * 100).toFixed(2)}%`}</td><td>${p.dropped}</td>${machineCells(p.machine)}<td>${p.outcome}${p.why ? `: ${esc(p.why)}` : ''}</td></tr>`,
          )
          .join('')}</table>`,
    )
    .join('');
}

export function headline(run: CapacityRun): string {
  const slo = `p95 < ${run.slo.p95Ms} ms, errors < ${run.slo.maxErrorRate * 100}%`;
  if (run.capacity === null) return `capacity not judged: ${run.reason ?? 'no figure'}`;
  if (!run.result)
    return `one replica holds ${r1(run.capacity)} req/s (given with --capacity, not measured)`;
  const at = run.sizedFrom ? levelLabel(run.sizedFrom) : '';
  const unconstrained =
    run.sizedFrom?.level === 'unconstrained'
      ? ' — UNCONSTRAINED (--unconstrained): not as a pod gets it'
      : '';
  const noisy =
    run.machine && !run.machine.reliable
      ? ` — UNRELIABLE, noisy machine (${run.machine.reasons.join('; ')}): do not size from it`
      : '';
  const { spread: s, allSpread: all, agreeing, estimates, stable } = run.result;
  return (
    `one replica${at} holds ${r1(run.capacity)} req/s within ${slo} (${agreeing} of ${estimates.length} repeats agree: ${s!.min}-${s!.max} req/s` +
    `${all && (all.min < s!.min || all.max > s!.max) ? `; all ${all.min}-${all.max}` : ''})${stable ? '' : ' — NOT stable, do not size from it'}${noisy}${unconstrained}`
  );
}

/** " at its CPU request (0.25 CPU (250m))" */
export function levelLabel(l: { level: LevelRun['level']; cpu: number | null }): string {
  if (l.level === 'request' || l.level === 'limit')
    return ` at its CPU ${l.level} (${l.cpu === null ? 'none set' : formatCpu(l.cpu)})`;
  return l.level === 'unconstrained' ? ' (UNCONSTRAINED)' : '';
}

/** The pod read from the manifest, each level's figure, and which one the advice uses and why. */
export function podLines(run: CapacityRun): string[] {
  const out: string[] = [];
  const p = run.pod;
  if (p) {
    const v = (x: number | null, f: (n: number) => string) => (x === null ? 'none' : f(x));
    out.push(
      `pod: ${p.deployment}/${p.container} from ${p.source}: CPU request ${v(p.cpuRequest, formatCpu)}, limit ${v(p.cpuLimit, formatCpu)}; memory request ${v(p.memoryRequest, formatMemory)}, limit ${v(p.memoryLimit, formatMemory)}`,
      p.constrained
        ? `  run in a cgroup ${p.cgroup} child group: CPU quota per level below, memory limit ${v(p.memoryLimit, formatMemory)}`
        : '  UNCONSTRAINED (--unconstrained): no cgroup; the figure is not what a pod gets',
    );
  }
  for (const l of run.levels ?? []) {
    const r = l.result;
    const figure =
      l.capacity === null
        ? 'no figure'
        : `${r1(l.capacity)} req/s${r?.spread ? ` (${r.spread.min}-${r.spread.max})` : ''}${r && !r.stable ? ', NOT stable' : ''}`;
    const machine = l.machine ? (l.machine.reliable ? 'quiet machine' : 'NOISY machine') : '';
    out.push(
      `capacity${levelLabel(l) || ' (the replica as it is)'}: ${figure}${machine ? `; ${machine}` : ''}${l.oomKills ? `; ${l.oomKills} OOM kill(s)` : ''}${l.reason ? ` — ${l.reason}` : ''}`,
    );
  }
  if (run.sizedFrom)
    out.push(`the advice sizes from the figure${levelLabel(run.sizedFrom)}: ${run.sizedFrom.why}`);
  return out;
}

export function adviceLines(a: Advice): string[] {
  const c = a.current;
  const r = a.recommended;
  return [
    `threshold            ${r.threshold} req/s per replica  (now ${c.threshold}; ${a.targetUtilization * 100}% of capacity)`,
    `minReplicaCount      ${r.minReplicas}  (now ${c.minReplicas})`,
    `maxReplicaCount      ${r.maxReplicas}  (now ${c.maxReplicas}; peak ${r1(a.peakRps)} req/s)`,
    `scale-up fast enough ${a.scaleUpFastEnough ? 'yes' : 'no'}`,
    `above capacity       current ${a.currentReplay.secondsAboveCapacity} s; threshold ${r.threshold} with min ${a.baseMinReplicas}: ${a.baseReplay.secondsAboveCapacity} s; recommended: ${a.recommendedReplay.secondsAboveCapacity} s (time each replica carries more than it holds)`,
    `peak load / replica  current ${r1(a.currentReplay.peakPerReplica)}, recommended ${r1(a.recommendedReplay.peakPerReplica)} req/s`,
  ];
}

export function noAdviceReason(run: CapacityRun): string {
  if (run.capacity === null) return 'without a capacity figure there is nothing to size from';
  if (run.machine && !run.machine.reliable)
    return `the figure was measured on a noisy machine (${run.machine.reasons.join('; ')}); measure again on a quiet one, or pass --capacity=N`;
  return 'the figure did not settle; measure again (--load-profile=full, a quieter machine) or pass --capacity=N';
}

export function capacityHtml(run: CapacityRun): string {
  const a = run.advice;
  const advice = a
    ? `<h2>Advice, sized for ${esc(run.sizedFor ?? '')}</h2><pre id="advice">${esc(adviceLines(a).join('\n'))}</pre><ul id="findings">${a.findings.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>` +
      `<p>The HPA model (libs/scaling) replays the profile: the KEDA metric is the offered load averaged over the query's rate window, new pods serve after the assumed pod-ready time, and the Service spreads load evenly.</p>`
    : `<p><b>No advice (not judged): ${noAdviceReason(run)}.</b></p>`;
  const levels = run.levels ?? [];
  const machine = levels.some((l) => l.machine)
    ? `<h2>Machine</h2>${levels
        .filter((l) => l.machine)
        .map(
          (l) =>
            `<h3>${esc(l.level)}${esc(levelLabel(l))}</h3><pre class="machine" id="machine-${l.level}">${esc(machineLines(l.machine!).join('\n'))}</pre>`,
        )
        .join('')}`
    : run.machine
      ? `<h2>Machine</h2><pre id="machine">${esc(machineLines(run.machine).join('\n'))}</pre>`
      : '';
  const pod = podLines(run);
  const podSection = pod.length ? `<h2>The pod</h2><pre id="pod">${esc(pod.join('\n'))}</pre>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>loadlab capacity (${esc(run.id)})</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:6px 0}td,th{padding:3px 9px;border-bottom:1px solid #ddd;text-align:left}
tr.breaks td{color:#b00020}tr.generator-bound td{color:#b26b00}tr.not-measured td{color:#777}
.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{margin:0;border:1px solid #e5e5e5;border-radius:4px;background:#fff}
svg .grid{stroke:#eee}svg .tick,svg .legend{font-size:10px;fill:#555}svg .title{font-size:13px;font-weight:600}
svg .series{fill:none;stroke-width:2}svg .ref{stroke-dasharray:3 3}svg .ref-label{font-size:10px}
</style></head><body>
<h1>loadlab capacity</h1>
<p id="headline"><b>${esc(headline(run))}</b></p>
<p>Target ${esc(run.target)}, run <code>${esc(run.id)}</code>, plateaus of ${run.plateauSeconds} s.</p>
${podSection}
${advice}
${machine}
<div class="charts">${capacityCharts(run).map(lineChart).join('')}</div>
${
  levels.some((l) => l.result)
    ? levels
        .filter((l) => l.result)
        .map((l) => `<h2>Ladders${esc(levelLabel(l))}</h2>${ladders(l.result!)}`)
        .join('')
    : run.result
      ? `<h2>Ladders</h2>${ladders(run.result)}`
      : ''
}
</body></html>
`;
}
