/** A self-contained HTML report: inline CSS and SVG, no scripts, no network. */
import { SCALING_POLICY } from '@loadlab/scaling';
import type { Series } from '../model/figures.ts';
import type { Verdict } from '../model/verdict.ts';
import { clientSource } from './console.ts';
import { details, formatExpected, formatMeasured, outcomeLabel, STATUS_TEXT } from './format.ts';
import { lineChart, type ChartSpec } from './svg-chart.ts';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
// "Not judged" gets its own mark: never a tick.
const SYMBOL = { pass: '✔', fail: '✘', 'not-judged': '?' } as const;
// Client (k6) solid blue, server dashed orange: where they agree, both stay visible.
const C = {
  client: '#1f77b4',
  clientP99: '#17becf',
  server: '#ff7f0e',
  serverP99: '#bcbd22',
  model: '#2ca02c',
  limit: '#d62728',
  mem: '#8c564b',
};

/** k6's failed rate and the server's 5xx ratio against the error SLO: both reports show it. */
function errorsChart(client: Series, server: Series, maxErrorRate: number): ChartSpec {
  return {
    id: 'chart-errors',
    title: 'Errors',
    unit: 'ratio',
    lines: [
      { series: client, color: C.client },
      { series: server, color: C.server, dashed: true },
    ],
    refs: [{ value: maxErrorRate, label: `SLO < ${maxErrorRate * 100}%`, color: C.limit }],
  };
}

function scalingCharts(v: Verdict): ChartSpec[] {
  const { series: s, figures: f } = v.scaling!;
  return [
    {
      id: 'chart-replicas',
      title: 'Replicas: desired, ready, predicted by the model',
      unit: 'replicas',
      lines: [
        { series: s.desired, color: C.server, step: true },
        { series: s.ready, color: C.client, step: true },
        { series: f.predicted, color: C.model, step: true, dashed: true },
      ],
      refs: [
        {
          value: SCALING_POLICY.maxReplicas,
          label: `max ${SCALING_POLICY.maxReplicas}`,
          color: C.limit,
        },
      ],
    },
    {
      id: 'chart-keda',
      title: 'KEDA metric',
      unit: 'req/s',
      lines: [{ series: s.metric, color: C.server }],
      refs: [
        {
          value: SCALING_POLICY.threshold,
          label: `threshold ${SCALING_POLICY.threshold} per replica`,
          color: C.limit,
        },
      ],
    },
    errorsChart(s.clientErrorRate, s.serverErrorRatio, v.slo.maxErrorRate),
    {
      id: 'chart-pods',
      title: 'Load per pod',
      unit: 'req/s',
      lines: s.perPod.map((p, i) => ({
        series: p,
        color: [
          '#1f77b4',
          '#ff7f0e',
          '#2ca02c',
          '#9467bd',
          '#8c564b',
          '#e377c2',
          '#17becf',
          '#bcbd22',
        ][i % 8]!,
      })),
    },
  ];
}

export function charts(v: Verdict): ChartSpec[] {
  if (v.scaling) return scalingCharts(v);
  const s = v.series;
  if (!s) return [];
  const replicas: Series = {
    name: 'predicted replicas',
    points: (v.prediction?.timeline ?? []).map((p) => [p.t, p.replicas] as const),
  };
  return [
    {
      id: 'chart-rate',
      title: 'Request rate',
      unit: 'req/s',
      lines: [
        { series: s.clientRate, color: C.client },
        { series: s.serverRate, color: C.server, dashed: true },
      ],
    },
    {
      id: 'chart-latency',
      title: 'Latency',
      unit: 'ms',
      lines: [
        { series: s.clientP95Ms, color: C.client },
        { series: s.clientP99Ms, color: C.clientP99 },
        { series: s.serverP95Ms, color: C.server, dashed: true },
        { series: s.serverP99Ms, color: C.serverP99, dashed: true },
      ],
      refs: [{ value: v.slo.p95Ms, label: `SLO p95 < ${v.slo.p95Ms} ms`, color: C.limit }],
    },
    errorsChart(s.clientErrorRate, s.serverErrorRatio, v.slo.maxErrorRate),
    {
      id: 'chart-keda',
      title: 'KEDA metric against its threshold',
      unit: 'req/s',
      lines: [{ series: s.scalingMetric, color: C.server }],
      refs: [
        {
          value: SCALING_POLICY.threshold,
          label: `threshold ${SCALING_POLICY.threshold} per replica`,
          color: C.limit,
        },
      ],
    },
    {
      id: 'chart-replicas',
      title: 'Replicas predicted by the HPA model',
      unit: 'replicas',
      lines: [{ series: replicas, color: C.model, step: true }],
      refs: [
        {
          value: SCALING_POLICY.maxReplicas,
          label: `max ${SCALING_POLICY.maxReplicas}`,
          color: C.limit,
        },
      ],
    },
    {
      id: 'chart-cpu',
      title: 'CPU',
      unit: 'cores',
      lines: [{ series: s.cpuCores, color: C.server }],
      refs: [{ value: 1, label: '1 core', color: C.limit }],
    },
    {
      id: 'chart-memory',
      title: 'Memory (RSS)',
      unit: 'MiB',
      lines: [{ series: s.rssMiB, color: C.mem }],
    },
  ];
}

export function htmlReport(v: Verdict): string {
  const rows = v.checks
    .map(
      (c) =>
        `<tr class="${c.outcome}" data-check="${esc(c.id)}"><td class="outcome">${SYMBOL[c.outcome]} ${esc(outcomeLabel(c))}</td><td>${esc(c.name)}${details(
          c,
        )
          .map((d) => `<div class="why">${esc(d)}</div>`)
          .join('')}</td><td>${esc(formatMeasured(c))}</td><td>${esc(formatExpected(c))}</td></tr>`,
    )
    .join('');
  const p = v.prediction;
  const prediction = p
    ? `<p>Predicted by the HPA model from the measured KEDA metric: peak <b>${p.maxReplicas}</b> replica(s), max ${p.reachedMax ? '<b>reached</b>' : 'not reached'}, first scale-up ${p.firstScaleUpSeconds === null ? 'never' : `after ${p.firstScaleUpSeconds} s`}, ${p.peakLoadPerReplica.toFixed(1)} req/s per replica at peak.</p>`
    : '';
  const list = (title: string, items: readonly string[]) =>
    items.length
      ? `<h2>${title}</h2><ul>${items.map((h) => `<li>${esc(h)}</li>`).join('')}</ul>`
      : '';
  const profile = v.profile?.length
    ? `<h2>Top functions by self time</h2><table><tr><th>self</th><th>function</th><th>where</th></tr>${v.profile
        .map(
          (f) =>
            `<tr><td>${(f.selfShare * 100).toFixed(1)}%</td><td>${esc(f.name)}</td><td>${esc(f.location)}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>loadlab verdict: ${esc(STATUS_TEXT[v.status])} (${esc(v.run.testid)})</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
.status{display:inline-block;padding:6px 14px;border-radius:4px;color:#fff;font-weight:700;font-size:20px}
.pass{background:#2ca02c}.slo-failed,.scaling-failed{background:#d62728}.could-not-run{background:#7f7f7f}
table{border-collapse:collapse;margin:8px 0}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left}
tr.fail td{color:#b00020;font-weight:600}tr.not-judged td{color:#8a6d00;font-style:italic}.why{font-size:12px;color:#555}
.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{margin:0;border:1px solid #e5e5e5;border-radius:4px;background:#fff}
svg .grid{stroke:#eee}svg .tick,svg .legend{font-size:10px;fill:#555}svg .title{font-size:13px;font-weight:600}
svg .series{fill:none;stroke-width:2}svg .ref{stroke-dasharray:3 3}svg .ref-label{font-size:10px}
</style></head><body>
<h1>loadlab verdict <span class="status ${v.status}" id="status">${esc(STATUS_TEXT[v.status])}</span></h1>
<p>Suite <b>${esc(v.run.suite)}</b> against ${esc(v.run.target)}, testid <code>${esc(v.run.testid)}</code>, ${esc(v.run.start)} to ${esc(v.run.end)}.</p>
${clientSource(v) ? `<p id="client-source">${esc(clientSource(v)!)}.</p>` : ''}
${v.reason ? `<p><b>${esc(v.reason)}</b></p>` : ''}
<table id="checks"><tr><th></th><th>check</th><th>measured</th><th>expected</th></tr>${rows}</table>
${prediction}
${list('Bottleneck hints', v.hints)}${list('k6 output problems', v.outputErrors ?? [])}
<div class="charts">${charts(v).map(lineChart).join('')}</div>
${profile}
</body></html>
`;
}
