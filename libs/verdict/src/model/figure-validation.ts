/**
 * A sound figure or no figure: every figure a check reads is validated before it is judged. A
 * figure that is not finite, outside its domain (counts >= 0, ratios in [0, 1], latencies >= 0),
 * or inconsistent with its siblings (failed > total, p99 < p95) is "not judged" with the reason:
 * junk from a user's Prometheus must never read as a pass.
 */
import type { ClientFigures, ServerFigures } from './figures.ts';

export type FigureKind = 'count' | 'ratio' | 'latency';

const DOMAIN: Record<FigureKind, string> = {
  count: 'a count is a finite number >= 0',
  ratio: 'a ratio is a finite number in [0, 1]',
  latency: 'a latency is a finite number >= 0',
};

/** Why `value` is not a sound figure of its kind, or undefined (null is "not measured", not junk). */
export function figureProblem(
  name: string,
  value: number | null,
  kind: FigureKind,
): string | undefined {
  if (value === null) return undefined;
  const sound = Number.isFinite(value) && value >= 0 && (kind !== 'ratio' || value <= 1);
  return sound
    ? undefined
    : `${name} read as ${value}, not a sound figure (${DOMAIN[kind]}): the data behind it is broken`;
}

/** Why p95 and p99 disagree (a p99 below its p95 is impossible for one distribution), or undefined. */
export function percentileOrderProblem(
  side: string,
  p95: number | null,
  p99: number | null,
): string | undefined {
  if (p95 === null || p99 === null || !(p99 < p95)) return undefined;
  return `${side} p99 ${p99} ms is below its p95 ${p95} ms, impossible for one distribution: the histogram behind them is broken (a reset or mixed series)`;
}

export type ClientFigureId = 'requests' | 'p95Ms' | 'p99Ms' | 'errorRate' | 'checksRate';

/** Each unsound client figure with the reason: what the source said, then what the values show. */
export function clientProblems(c: ClientFigures): Partial<Record<ClientFigureId, string>> {
  const order = percentileOrderProblem('client', c.p95Ms, c.p99Ms);
  const found: Partial<Record<ClientFigureId, string | undefined>> = {
    requests: figureProblem('client requests', c.requests, 'count'),
    p95Ms: figureProblem('client p95', c.p95Ms, 'latency') ?? order,
    p99Ms: figureProblem('client p99', c.p99Ms, 'latency') ?? order,
    errorRate: figureProblem('client error rate', c.errorRate, 'ratio'),
    checksRate: figureProblem('k6 checks rate', c.checksRate, 'ratio'),
    ...c.problems,
  };
  return Object.fromEntries(Object.entries(found).filter(([, v]) => v !== undefined));
}

export type ServerFigureId = 'requests' | 'p95Ms' | 'errorRatio';

export function serverProblems(s: ServerFigures): Partial<Record<ServerFigureId, string>> {
  const found: Partial<Record<ServerFigureId, string | undefined>> = {
    requests: figureProblem('server requests', s.requests, 'count'),
    p95Ms:
      figureProblem('server p95', s.p95Ms, 'latency') ??
      percentileOrderProblem('server', s.p95Ms, s.p99Ms),
    errorRatio: figureProblem('server 5xx ratio', s.errorRatio, 'ratio'),
    ...s.problems,
  };
  return Object.fromEntries(Object.entries(found).filter(([, v]) => v !== undefined));
}
