/** The local run's checks against the SLO: pass, fail or not judged, each with its figures. */
import { judgeFigure, withRequired, type Check, type CheckSpec } from '../model/check.ts';
import type { ClientFigures, ServerFigures } from '../model/figures.ts';
import type { Slo, SloCheckId } from '../model/slo.ts';

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
  const failed = client.thresholds.filter((t) => t.ok === false).length;
  const unjudged = client.thresholds.filter((t) => t.ok === null);
  const checks = [
    judgeFigure(
      spec('client-p95', 'client p95 latency', `< ${slo.p95Ms}`, 'ms'),
      client.p95Ms,
      (v) => v < slo.p95Ms,
      client.p95Ms === null ? noSummary('http_req_duration p(95)') : {},
    ),
    judgeFigure(
      spec('client-p99', 'client p99 latency', `< ${slo.p99Ms}`, 'ms'),
      client.p99Ms,
      (v) => v < slo.p99Ms,
      client.p99Ms === null ? noSummary('http_req_duration p(99)') : {},
    ),
    judgeFigure(
      spec('client-errors', 'client error rate', `< ${slo.maxErrorRate}`, 'ratio'),
      client.errorRate,
      (v) => v < slo.maxErrorRate,
      client.errorRate === null ? noSummary('http_req_failed rate') : {},
    ),
    judgeFigure(
      spec('client-checks', 'k6 checks passed', `>= ${slo.minChecksRate}`, 'ratio'),
      client.checksRate,
      (v) => v >= slo.minChecksRate,
      client.checksRate === null
        ? {
            notJudged:
              client.source === 'prometheus'
                ? 'no k6 check counts for this testid in Prometheus (loadlab suites count them in their check() helper)'
                : 'the suite ran no k6 checks: add check() calls to the suite',
          }
        : {},
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
      notScraped,
    ),
    judgeFigure(
      spec('server-saw-load', 'server metrics saw the load', '> 0', 'requests'),
      server.requests,
      (v) => v > 0,
      notScraped,
    ),
  ];
  return withRequired(checks, slo.required.run);
}
