import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { targetDownReason } from '@loadlab/k6-runner';
import { decide } from '../model/check.ts';
import { SLO_CHECK_IDS, type Slo } from '../model/slo.ts';
import { sloChecks } from './slo-checks.ts';
import { client, server, slo } from './test-support.ts';

const byId = (checks: ReturnType<typeof sloChecks>, id: string) => checks.find((c) => c.id === id)!;

describe('SLO checks', () => {
  it('pass on measured figures within the SLO, each check required by default', () => {
    const checks = sloChecks(slo, client, server);
    assert.deepEqual(
      checks.map((c) => c.id),
      [...SLO_CHECK_IDS],
    );
    assert.ok(checks.every((c) => c.outcome === 'pass' && c.required && c.measured !== null));
    assert.deepEqual(decide(checks), { status: 'pass' });
  });

  it('names each check, its limit and its unit', () => {
    assert.deepEqual(
      sloChecks(slo, client, server).map((c) => [c.id, c.name, c.expected, c.unit]),
      [
        ['client-p95', 'client p95 latency', '< 700', 'ms'],
        ['client-p99', 'client p99 latency', '< 1500', 'ms'],
        ['client-errors', 'client error rate', '< 0.01', 'ratio'],
        ['client-checks', 'k6 checks passed', '>= 0.99', 'ratio'],
        ['k6-thresholds', 'k6 thresholds', '0 failed', 'failed'],
        ['server-p95', 'server p95 latency (histogram)', '< 700', 'ms'],
        ['server-errors', 'server 5xx ratio', '< 0.01', 'ratio'],
        ['server-saw-load', 'server metrics saw the load', '> 0', 'requests'],
      ],
    );
  });

  it('fail each figure that breaks the SLO, with measured and expected', () => {
    const checks = sloChecks(
      slo,
      { ...client, p95Ms: 910, p99Ms: 1500, errorRate: 0.01, checksRate: 0.98 },
      { ...server, errorRatio: 0.05, p95Ms: 700, p99Ms: 900 },
    );
    assert.deepEqual(
      checks.filter((c) => c.outcome === 'fail').map((c) => [c.id, c.measured, c.expected]),
      [
        ['client-p95', 910, '< 700'],
        ['client-p99', 1500, '< 1500'],
        ['client-errors', 0.01, '< 0.01'],
        ['client-checks', 0.98, '>= 0.99'],
        ['server-p95', 700, '< 700'],
        ['server-errors', 0.05, '< 0.01'],
      ],
    );
    assert.deepEqual(decide(checks), { status: 'failed' });
  });

  it('limits are exclusive below, inclusive for the checks rate', () => {
    const edge = sloChecks(slo, { ...client, p95Ms: 699.9, p99Ms: 1400, checksRate: 0.99 }, server);
    assert.equal(byId(edge, 'client-p95').outcome, 'pass');
    assert.equal(byId(edge, 'client-checks').outcome, 'pass');
    const at = sloChecks(
      slo,
      { ...client, p95Ms: 700, p99Ms: 1500, errorRate: 0.01, checksRate: 0.9899 },
      { ...server, p95Ms: 0.7 * 1000, p99Ms: 900, errorRatio: 0.01 },
    );
    for (const id of [
      'client-p95',
      'client-p99',
      'client-errors',
      'client-checks',
      'server-p95',
      'server-errors',
    ])
      assert.equal(byId(at, id).outcome, 'fail', id);
  });

  it('a failed k6 threshold fails; none at all is not judged', () => {
    const t = { metric: 'http_req_duration', expression: 'p(95)<700' };
    const failed = sloChecks(
      slo,
      {
        ...client,
        thresholds: [
          { ...t, ok: false },
          { ...t, ok: true },
        ],
      },
      server,
    );
    assert.deepEqual(
      [byId(failed, 'k6-thresholds').outcome, byId(failed, 'k6-thresholds').measured],
      ['fail', 1],
    );
    const none = byId(sloChecks(slo, { ...client, thresholds: [] }, server), 'k6-thresholds');
    assert.equal(none.outcome, 'not-judged');
    assert.equal(none.reason, 'k6 ran without thresholds: pass the SLO to k6 (-e P95_MS=...)');
  });

  it('on combined data, a threshold not judged leaves the check unjudged unless another failed', () => {
    const t = { metric: 'http_req_duration', expression: 'p(95)<700' };
    const open = { metric: 'http_req_duration', expression: 'max<900', ok: null, note: 'no max' };
    const check = (thresholds: typeof client.thresholds) =>
      byId(
        sloChecks(slo, { ...client, source: 'prometheus', thresholds }, server),
        'k6-thresholds',
      );
    const unjudged = check([{ ...t, ok: true }, open, { ...open, metric: 'custom' }]);
    assert.equal(unjudged.outcome, 'not-judged');
    assert.equal(
      unjudged.reason,
      'not judged on the combined data: http_req_duration max<900 (no max); custom max<900 (no max)',
    );
    const failed = check([{ ...t, ok: false }, open]);
    assert.deepEqual([failed.outcome, failed.measured], ['fail', 1]);
    const passed = check([{ ...t, ok: true }]);
    assert.deepEqual([passed.outcome, passed.measured], ['pass', 0]);
  });

  it('says where a missing client figure should have come from: k6 summary or Prometheus', () => {
    const none = { ...client, p95Ms: null, checksRate: null };
    const fromSummary = sloChecks(slo, none, server);
    const fromProm = sloChecks(slo, { ...none, source: 'prometheus' }, server);
    assert.match(
      byId(fromSummary, 'client-p95').reason!,
      /^k6's summary has no http_req_duration p\(95\)/,
    );
    assert.match(
      byId(fromProm, 'client-p95').reason!,
      /^Prometheus has no k6 http_req_duration p\(95\) for this testid/,
    );
    assert.match(byId(fromSummary, 'client-checks').reason!, /^the suite ran no k6 checks/);
    assert.match(
      byId(fromProm, 'client-checks').reason!,
      /^no k6 check counts for this testid in Prometheus/,
    );
  });

  it('a missing figure is not judged, with the reason, never a pass', () => {
    const checks = sloChecks(
      slo,
      { ...client, p95Ms: null, p99Ms: null, errorRate: null, checksRate: null },
      { ...server, p95Ms: null },
    );
    for (const id of ['client-p95', 'client-p99', 'client-errors', 'client-checks', 'server-p95']) {
      assert.equal(byId(checks, id).outcome, 'not-judged', id);
      assert.equal(byId(checks, id).measured, null, id);
    }
    assert.match(
      byId(checks, 'client-p95').reason!,
      /k6's summary has no http_req_duration p\(95\)/,
    );
    assert.equal(
      byId(checks, 'client-errors').reason,
      "k6's summary has no http_req_failed rate: did the suite send requests and end normally?",
    );
    assert.match(byId(checks, 'client-p99').reason!, /no http_req_duration p\(99\)/);
    assert.equal(
      byId(checks, 'client-checks').reason,
      'the suite ran no k6 checks: add check() calls to the suite',
    );
    assert.equal(
      byId(checks, 'server-p95').reason,
      'no request-duration histogram for the window: does the app export it, and is it scraped?',
    );
    const d = decide(checks);
    assert.equal(d.status, 'could-not-run');
    assert.match(
      d.status === 'could-not-run' ? d.reason : '',
      /required checks not judged: client-p95 \(/,
    );
  });

  it('no request counter in Prometheus: every server check is not judged, naming the fix', () => {
    const missing = 'no node_http_requests_total series: is crocodile-api scraped?';
    const checks = sloChecks(slo, client, {
      ...server,
      requests: null,
      missing,
      rate: null,
      p95Ms: null,
      errorRatio: null,
    });
    for (const id of ['server-p95', 'server-errors', 'server-saw-load']) {
      assert.equal(byId(checks, id).outcome, 'not-judged', id);
      assert.equal(byId(checks, id).reason, missing, id);
    }
    const fallback = sloChecks(slo, client, { ...server, requests: null });
    assert.equal(
      byId(fallback, 'server-saw-load').reason,
      'the server request counter was not found in Prometheus',
    );
  });

  it('server saw no requests: fails (measured 0), never passes', () => {
    const c = byId(sloChecks(slo, client, { ...server, requests: 0 }), 'server-saw-load');
    assert.deepEqual([c.outcome, c.measured], ['fail', 0]);
  });

  it('only the checks declared required decide the run', () => {
    const optional: Slo = { ...slo, required: { ...slo.required, run: ['client-p95'] } };
    const checks = sloChecks(optional, client, { ...server, p95Ms: null, errorRatio: 0.5 });
    assert.equal(byId(checks, 'server-errors').outcome, 'fail');
    assert.equal(byId(checks, 'server-errors').required, false);
    assert.deepEqual(decide(checks), { status: 'pass' }, 'optional checks inform only');
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
