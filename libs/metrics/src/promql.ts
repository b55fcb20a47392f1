/**
 * A very small PromQL builder: enough to write label matchers safely
 * (values are escaped) and to let Grafana variables such as `$namespace` through.
 */

export type MatchOp = '=' | '!=' | '=~' | '!~';
export type Matcher = string | { op: MatchOp; value: string };
export type Matchers = Readonly<Record<string, Matcher | undefined>>;

function escapeValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** `metric{a="b",c=~"d"}`; undefined matchers are dropped, so callers can pass optional scopes. */
export function selector(metric: string, matchers: Matchers = {}): string {
  const parts: string[] = [];
  for (const [name, m] of Object.entries(matchers)) {
    if (m === undefined) continue;
    if (!LABEL_NAME.test(name)) throw new Error(`invalid Prometheus label name "${name}"`);
    const { op, value } = typeof m === 'string' ? { op: '=' as const, value: m } : m;
    parts.push(`${name}${op}"${escapeValue(value)}"`);
  }
  return parts.length ? `${metric}{${parts.join(',')}}` : metric;
}

export function rate(series: string, window: string): string {
  return `rate(${series}[${window}])`;
}

/** `sum(expr)` or `sum by (a, b) (expr)`. */
export function sum(expr: string, by: readonly string[] = []): string {
  return by.length ? `sum by (${by.join(', ')}) (${expr})` : `sum(${expr})`;
}
