/**
 * Line charts as inline SVG, drawn here: the HTML report needs no script,
 * no library and no network to show them.
 */
import type { Series } from '../model/figures.ts';

export interface ChartLine {
  readonly series: Series;
  readonly color: string;
  readonly dashed?: boolean;
  /** Draw as steps (replica counts). */
  readonly step?: boolean;
}

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly lines: readonly ChartLine[];
  /** Horizontal reference lines, e.g. the SLO or the KEDA threshold. */
  readonly refs?: readonly { value: number; label: string; color: string }[];
}

const W = 560;
const H = 220;
const PAD = { l: 52, r: 12, t: 28, b: 40 };
const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 2.5, 5, 10].find((m) => m * p >= v) ?? 10) * p;
}

const fmt = (v: number) =>
  v === 0
    ? '0'
    : Math.abs(v) >= 100
      ? v.toFixed(0)
      : Math.abs(v) >= 1
        ? v.toFixed(1)
        : String(Number(v.toPrecision(2)));

export function lineChart(spec: ChartSpec): string {
  const all = spec.lines.flatMap((l) => l.series.points);
  const xMax = Math.max(1, ...all.map((p) => p[0]));
  const yMax = niceMax(
    Math.max(0, ...all.map((p) => p[1]), ...(spec.refs ?? []).map((r) => r.value)) * 1.05,
  );
  const x = (t: number) => PAD.l + (t / xMax) * (W - PAD.l - PAD.r);
  const y = (v: number) => H - PAD.b - (v / yMax) * (H - PAD.t - PAD.b);
  const parts: string[] = [];

  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    parts.push(`<line class="grid" x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(v)}" y2="${y(v)}"/>`);
    parts.push(
      `<text class="tick" x="${PAD.l - 6}" y="${y(v) + 4}" text-anchor="end">${fmt(v)}</text>`,
    );
  }
  for (let i = 0; i <= 4; i++) {
    const t = (xMax * i) / 4;
    parts.push(
      `<text class="tick" x="${x(t)}" y="${H - PAD.b + 16}" text-anchor="middle">${Math.round(t)}s</text>`,
    );
  }
  for (const r of spec.refs ?? []) {
    parts.push(
      `<line class="ref" x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(r.value)}" y2="${y(r.value)}" stroke="${r.color}"/>`,
    );
    parts.push(
      `<text class="ref-label" x="${W - PAD.r - 4}" y="${y(r.value) - 4}" text-anchor="end" fill="${r.color}">${esc(r.label)}</text>`,
    );
  }
  for (const l of spec.lines) {
    const pts = l.series.points;
    if (!pts.length) continue;
    let d = `M${x(pts[0]![0]).toFixed(1)},${y(pts[0]![1]).toFixed(1)}`;
    for (let i = 1; i < pts.length; i++) {
      if (l.step) d += `H${x(pts[i]![0]).toFixed(1)}`;
      d += `L${x(pts[i]![0]).toFixed(1)},${y(pts[i]![1]).toFixed(1)}`;
    }
    parts.push(
      `<path class="series" data-series="${esc(l.series.name)}" d="${d}" stroke="${l.color}"${l.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
  }
  const slot = Math.min(150, (W - PAD.l) / Math.max(1, spec.lines.length));
  const legend = spec.lines
    .map(
      (l, i) =>
        `<g transform="translate(${PAD.l + i * slot},${H - 8})"><line x1="0" x2="12" y1="-4" y2="-4" stroke="${l.color}" stroke-width="3"${l.dashed ? ' stroke-dasharray="4 2"' : ''}/>` +
        `<text class="legend" x="16">${esc(l.series.name)}${l.series.points.length ? '' : ' (no data)'}</text></g>`,
    )
    .join('');
  return (
    `<figure class="chart" id="${esc(spec.id)}"><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(spec.title)}">` +
    `<text class="title" x="${PAD.l}" y="16">${esc(spec.title)} (${esc(spec.unit)})</text>${parts.join('')}${legend}</svg></figure>`
  );
}
