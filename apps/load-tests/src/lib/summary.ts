/**
 * handleSummary for every suite: the full machine-readable summary as JSON
 * (SUMMARY_PATH, for the verdict engine) and a short table on stdout.
 */
import { env } from './env.ts';
import { config } from './config.ts';

interface MetricSummary {
  type: string;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}
interface SummaryData {
  metrics: Record<string, MetricSummary>;
  state?: { testRunDurationMs?: number };
}

const fmt = (v: number | undefined, unit = '') =>
  v === undefined ? '-' : `${Math.round(v * 100) / 100}${unit}`;

function text(suite: string, data: SummaryData): string {
  const m = data.metrics;
  const lines = [
    `loadlab ${suite} (${config.profile}, testid=${config.testid}) against ${config.baseUrl}`,
    `  requests       ${fmt(m.http_reqs?.values.count)} (${fmt(m.http_reqs?.values.rate, '/s')})`,
    `  p95 / p99      ${fmt(m.http_req_duration?.values['p(95)'], ' ms')} / ${fmt(m.http_req_duration?.values['p(99)'], ' ms')}`,
    `  failed         ${fmt((m.http_req_failed?.values.rate ?? 0) * 100, '%')}`,
    `  checks         ${fmt((m.checks?.values.rate ?? 0) * 100, '%')}`,
    '  thresholds',
  ];
  for (const [name, metric] of Object.entries(m)) {
    for (const [expr, t] of Object.entries(metric.thresholds ?? {})) {
      lines.push(`    ${t.ok ? 'PASS' : 'FAIL'}  ${name} ${expr}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function summaryHandler(suite: string) {
  return (data: SummaryData): Record<string, string> => {
    const out: Record<string, string> = { stdout: text(suite, data) };
    const path = env.SUMMARY_PATH;
    if (path)
      out[path] = JSON.stringify(
        { suite, testid: config.testid, profile: config.profile, ...data },
        null,
        2,
      );
    return out;
  };
}
