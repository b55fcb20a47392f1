import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClientFigures, ServerFigures } from './figures.ts';
import { targetDownReason } from '@loadlab/k6-runner';
import { judge, type Verdict } from './judge.ts';
import { consoleReport } from './report/console.ts';
import { htmlReport } from './report/html.ts';
import { junitReport } from './report/junit.ts';

const slo = { p95Ms: 700, p99Ms: 1500, maxErrorRate: 0.01, minChecksRate: 0.99 };
const client: ClientFigures = {
  requests: 1000,
  rate: 50,
  p95Ms: 240,
  p99Ms: 260,
  errorRate: 0,
  checksRate: 1,
  thresholds: [{ metric: 'http_req_duration', expression: 'p(95)<700', ok: true }],
};
const server: ServerFigures = {
  requests: 990,
  rate: 49.5,
  p95Ms: 245,
  p99Ms: 262,
  errorRatio: 0,
  statusShare: { '200': 1 },
  cpuCoresMax: 0.3,
  rssMaxBytes: 1e8,
  eventLoopLagMaxMs: 12,
};
const run = { suite: 'load', testid: 't<1>', start: 'a', end: 'b', target: 'http://x' };

describe('judge', () => {
  it('passes when every figure is within the SLO', () => {
    assert.ok(judge(slo, client, server).every((c) => c.ok));
  });

  it('fails each figure that breaks the SLO, with measured and expected', () => {
    const checks = judge(slo, { ...client, p95Ms: 910 }, { ...server, errorRatio: 0.05 });
    const failed = checks.filter((c) => !c.ok);
    assert.deepEqual(
      failed.map((c) => [c.id, c.measured, c.expected]),
      [
        ['client-p95', 910, '< 700'],
        ['server-errors', 0.05, '< 0.01'],
      ],
    );
  });

  it('treats a missing figure as a failure, never a pass', () => {
    const p95 = judge(slo, client, { ...server, p95Ms: null }).find((c) => c.id === 'server-p95')!;
    assert.equal(p95.ok, false);
  });

  it('calls a run where every request failed "could not run"', () => {
    const summary = (count: number, failed: number) => ({
      suite: 's',
      testid: 't',
      profile: 'ci',
      metrics: {
        http_reqs: { type: 'counter' as const, values: { count } },
        http_req_failed: { type: 'rate' as const, values: { rate: failed } },
      },
    });
    assert.match(targetDownReason(summary(10, 1))!, /every request failed.*is the target up/);
    assert.match(targetDownReason(summary(0, 0))!, /sent no requests/);
    assert.equal(targetDownReason(summary(10, 0)), undefined);
  });
});

describe('reports', () => {
  const failing: Verdict = {
    status: 'slo-failed',
    run,
    slo,
    checks: judge(slo, { ...client, p95Ms: 910 }, server),
    hints: ['look <here>'],
  };

  it('JUnit: one case per check, failures with measured and expected, escaped', () => {
    const xml = junitReport(failing);
    assert.match(xml, /tests="8" failures="1" errors="0"/);
    assert.match(xml, /<failure message="measured 910\.0 ms, expected &lt; 700 ms">/);
    assert.match(xml, /verdict t&lt;1&gt;/);
  });

  it('JUnit: could not run is an error', () => {
    const xml = junitReport({
      status: 'could-not-run',
      reason: 'Prometheus down',
      run,
      slo,
      checks: [],
      hints: [],
    });
    assert.match(xml, /errors="1"/);
    assert.match(xml, /<error message="could not run">Prometheus down<\/error>/);
  });

  it('console and HTML carry the status, the failed check and the hints', () => {
    const text = consoleReport(failing);
    assert.match(text, /verdict: SLO FAILED/);
    assert.match(text, /FAIL {2}client p95 latency +910\.0 ms +< 700 ms/);
    const html = htmlReport(failing);
    assert.match(html, /<span class="status slo-failed" id="status">SLO FAILED<\/span>/);
    assert.match(html, /look &lt;here&gt;/);
    assert.doesNotMatch(
      html,
      /<script|https?:\/\/(?!x)/,
      'self-contained: no scripts, no remote resources',
    );
  });
});
