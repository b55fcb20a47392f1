/** The local run's checks against the SLO: pass, fail or not judged, each with its figures. */
import { judgeFigure, withRequired, type Check, type CheckSpec, type Why } from '../model/check.ts';
import type { ClientFigures, ServerFigures } from '../model/figures.ts';
import type { Slo, SloCheckId } from '../model/slo.ts';
import { clientProblems, serverProblems } from '../model/figure-validation.ts';

const spec = (id: SloCheckId, name: string, expected: string, unit: string): CheckSpec => ({
  id,
  name,
  expected,
  unit,
});

export function sloChecks(slo: Slo, client: ClientFigures, server: ServerFigures): Check[] {
  const noSummary = (what: string) => ({
    notJudged:
      client.source === 'prometheus'
        ? `Prometheus has no k6 ${what} for this testid: did the generators send requests, with remote write to it?`
        : `k6's summary has no ${what}: did the suite send requests and end normally?`,
  });
  // Server figures need the request counter; without it nothing on the server side was measured.
  const notScraped =
    server.requests === null
      ? { notJudged: server.missing ?? 'the server request counter was not found in Prometheus' }
      : {};
  // An unsound figure is not judged, whatever its value: junk must never read as a pass.
  const cp = clientProblems(client);
  const sp = serverProblems(server);
  const unsound = (problem: string | undefined, otherwise: Why): Why =>
    problem === undefined ? otherwise : { notJudged: problem };
  const failed = client.thresholds.filter((t) => t.ok === false).length;
  const unjudged = client.thresholds.filter((t) => t.ok === null);
  const checks = [
    judgeFigure(
      spec('client-p95', 'client p95 latency', `< ${slo.p95Ms}`, 'ms'),
      client.p95Ms,
      (v) => v < slo.p95Ms,
      unsound(cp.p95Ms, client.p95Ms === null ? noSummary('http_req_duration p(95)') : {}),
    ),
    judgeFigure(
      spec('client-p99', 'client p99 latency', `< ${slo.p99Ms}`, 'ms'),
      client.p99Ms,
      (v) => v < slo.p99Ms,
      unsound(cp.p99Ms, client.p99Ms === null ? noSummary('http_req_duration p(99)') : {}),
    ),
    judgeFigure(
      spec('client-errors', 'client error rate', `< ${slo.maxErrorRate}`, 'ratio'),
      client.errorRate,
      (v) => v < slo.maxErrorRate,
      unsound(
        cp.errorRate ?? cp.requests,
        client.errorRate === null ? noSummary('http_req_failed rate') : {},
      ),
    ),
    judgeFigure(
      spec('client-checks', 'k6 checks passed', `>= ${slo.minChecksRate}`, 'ratio'),
      client.checksRate,
      (v) => v >= slo.minChecksRate,
      unsound(
        cp.checksRate,
        client.checksRate === null
          ? {
              notJudged:
                client.source === 'prometheus'
                  ? 'no k6 check counts for this testid in Prometheus (loadlab suites count them in their check() helper)'
                  : 'the suite ran no k6 checks: add check() calls to the suite',
            }
          : {},
      ),
    ),
    judgeFigure(
      spec('k6-thresholds', 'k6 thresholds', '0 failed', 'failed'),
      client.thresholds.length ? failed : null,
      (v) => v === 0,
      !client.thresholds.length
        ? { notJudged: 'k6 ran without thresholds: pass the SLO to k6 (-e P95_MS=...)' }
        : // One that failed fails the check; otherwise one that could not be judged leaves it unjudged.
          failed === 0 && unjudged.length
          ? {
              notJudged: `not judged on the combined data: ${unjudged.map((t) => `${t.metric} ${t.expression} (${t.note})`).join('; ')}`,
            }
          : {},
    ),
    judgeFigure(
      spec('server-p95', 'server p95 latency (histogram)', `< ${slo.p95Ms}`, 'ms'),
      server.p95Ms,
      (v) => v < slo.p95Ms,
      server.requests === null
        ? notScraped
        : sp.p95Ms !== undefined
          ? { notJudged: sp.p95Ms }
          : server.p95Ms === null
            ? {
                notJudged:
                  'no request-duration histogram for the window: does the app export it, and is it scraped?',
              }
            : {},
    ),
    judgeFigure(
      spec('server-errors', 'server 5xx ratio', `< ${slo.maxErrorRate}`, 'ratio'),
      server.errorRatio,
      (v) => v < slo.maxErrorRate,
      unsound(sp.errorRatio ?? sp.requests, notScraped),
    ),
    judgeFigure(
      spec('server-saw-load', 'server metrics saw the load', '> 0', 'requests'),
      server.requests,
      (v) => v > 0,
      unsound(sp.requests, notScraped),
    ),
  ];
  return withRequired(checks, slo.required.run);
}

/** The checks of the load itself, judged from the client side (all a TestRun leaves). */
export const LOAD_CHECK_IDS: readonly string[] = [
  'client-p95',
  'client-p99',
  'client-errors',
  'client-checks',
  'k6-thresholds',
];

/** No server figures: a TestRun on a cluster is judged from the client side alone. */
export const NO_SERVER: ServerFigures = {
  requests: null,
  rate: null,
  p95Ms: null,
  p99Ms: null,
  errorRatio: null,
  statusShare: {},
  cpuCoresMax: null,
  rssMaxBytes: null,
  eventLoopLagMaxMs: null,
};

/** The load's checks when its figures could not be read at all: each not judged, with why. */
export function loadNotJudged(slo: Slo, reason: string): Check[] {
  const none: ClientFigures = {
    requests: 0,
    rate: 0,
    p95Ms: null,
    p99Ms: null,
    errorRate: null,
    checksRate: null,
    thresholds: [],
  };
  return sloChecks(slo, none, NO_SERVER)
    .filter((c) => LOAD_CHECK_IDS.includes(c.id))
    .map((c) => ({ ...c, outcome: 'not-judged' as const, measured: null, reason }));
}
