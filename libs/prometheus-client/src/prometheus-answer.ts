/**
 * Reads the envelope of a Prometheus API answer: `{"status":"success","data":{...}}` or an error
 * with `errorType` and `error`. Anything else (an HTML login page behind a proxy with status 200,
 * a Grafana URL, an empty body, `data` missing or `result: null`) is named with its cause and fix.
 */

export class PrometheusQueryError extends Error {}

export interface RawHistogram {
  readonly count: string;
  readonly sum: string;
  readonly buckets?: readonly (readonly [number, string, string, string])[];
}

interface Context {
  readonly what: string;
  readonly path: string;
  readonly query: string;
}

/** Prometheus before 2.33 refuses the `@` modifier unless a feature flag enables it. */
const AT_MODIFIER = /@ modifier is disabled|unexpected character: '@'/i;

export function parseAnswer(text: string, status: number, c: Context): unknown {
  let body: { status?: unknown; data?: unknown; error?: unknown; errorType?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    const looksHtml = /^\s*</.test(text);
    throw new PrometheusQueryError(
      `${c.what} answered ${c.path} with ${looksHtml ? 'an HTML page' : 'a body that is not JSON'} (HTTP ${status}), not the Prometheus API: ` +
        `is --prometheus the Prometheus server itself (not a login page, a proxy or Grafana)? It began: ${JSON.stringify(text.slice(0, 80))}`,
    );
  }
  if (typeof body !== 'object' || body === null)
    throw new PrometheusQueryError(
      `${c.what} answered ${c.path} with ${JSON.stringify(text.slice(0, 80))}, not a Prometheus API object: is --prometheus right?`,
    );
  if (body.status !== 'success') {
    const error = typeof body.error === 'string' ? body.error : 'no error message';
    const type = typeof body.errorType === 'string' ? `${body.errorType}: ` : '';
    const fix = AT_MODIFIER.test(error)
      ? ' (this Prometheus refuses the @ modifier: upgrade it to 2.33 or later, or start it with --enable-feature=promql-at-modifier)'
      : status === 503 || body.errorType === 'timeout'
        ? ' (Prometheus is overloaded or the query too heavy: try a shorter window)'
        : '';
    throw new PrometheusQueryError(
      `${c.what} refused ${c.path} (HTTP ${status}, status ${JSON.stringify(body.status ?? null)}) for ${c.query}: ${type}${error}${fix}`,
    );
  }
  const data = body.data as { resultType?: unknown; result?: unknown } | undefined;
  if (typeof data !== 'object' || data === null || !Array.isArray(data.result)) {
    const got =
      typeof data !== 'object' || data === null
        ? 'no data'
        : `result ${JSON.stringify(data.result ?? null)}`;
    // A scalar's result is a [time, value] pair: an array too, so it passes here.
    throw new PrometheusQueryError(
      `${c.what} answered ${c.path} for ${c.query} with status success but ${got}: is --prometheus a Prometheus-compatible API (a proxy may strip the body)?`,
    );
  }
  return data;
}
