/** The JSON our suites' handleSummary writes (SUMMARY_PATH): k6's summary data plus the run's identity. */

export interface K6MetricSummary {
  readonly type: 'counter' | 'gauge' | 'rate' | 'trend';
  readonly contains?: string;
  readonly values: Readonly<Record<string, number>>;
  readonly thresholds?: Readonly<Record<string, { readonly ok: boolean }>>;
}

export interface K6Summary {
  readonly suite: string;
  readonly testid: string;
  readonly profile: string;
  readonly metrics: Readonly<Record<string, K6MetricSummary>>;
  readonly state?: { readonly testRunDurationMs?: number };
}

export interface ThresholdResult {
  readonly metric: string;
  readonly expression: string;
  readonly ok: boolean;
}

export function thresholdResults(summary: K6Summary): ThresholdResult[] {
  return Object.entries(summary.metrics).flatMap(([metric, m]) =>
    Object.entries(m.thresholds ?? {}).map(([expression, t]) => ({ metric, expression, ok: t.ok })),
  );
}

export function parseSummary(text: string, path: string): K6Summary {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`k6 summary ${path} is not valid JSON: ${(err as Error).message}`);
  }
  const s = parsed as Partial<K6Summary>;
  if (
    typeof s !== 'object' ||
    s === null ||
    typeof s.metrics !== 'object' ||
    typeof s.suite !== 'string'
  ) {
    throw new Error(`k6 summary ${path} has no metrics: was it written by a loadlab suite?`);
  }
  return s as K6Summary;
}

/**
 * "Could not run" when the load never reached a working target: never a pass
 * and not an SLO failure either. undefined when the target answered.
 */
export function targetDownReason(summary: K6Summary): string | undefined {
  const requests = summary.metrics.http_reqs?.values.count ?? 0;
  const failed = summary.metrics.http_req_failed?.values.rate ?? 0;
  if (requests === 0) return 'k6 sent no requests: check the suite and its parameters';
  if (failed >= 0.99)
    return `every request failed (${Math.round(failed * 100)}%): is the target up and is the URL right?`;
  return undefined;
}
