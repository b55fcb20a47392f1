/**
 * Shared defaults of every dashboard, as in the Grafana foundation SDK's examples:
 * the datasource ref, Grafana variables as PromQL matchers, and the dashboard's base settings.
 */
import type * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import type { Matcher } from '@loadlab/metrics';

/** The datasource variable; every Prometheus target points at it. */
export const PROM_DS: common.DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

/** Grafana variables as PromQL matchers (multi-value, so =~). */
export const v = {
  namespace: { op: '=~', value: '$namespace' },
  app: { op: '=~', value: '$app' },
  testid: { op: '=~', value: '$testid' },
} as const satisfies Record<string, Matcher>;
export const RATE_WINDOW = '$__rate_interval';

/**
 * A Prometheus target over PromQL built by @loadlab/metrics' query builders.
 * The panel factories give it its refId.
 */
export function prom(expr: string, legend: string): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder()
    .expr(expr)
    .legendFormat(legend)
    .datasource(PROM_DS)
    .range();
}

export function dashboardBase(uid: string, title: string, tags: string[]) {
  return new dashboard.DashboardBuilder(title)
    .uid(uid)
    .tags(['loadlab', ...tags])
    .refresh('10s')
    .time({ from: 'now-30m', to: 'now' })
    .timezone('browser')
    .tooltip(dashboard.DashboardCursorSync.Crosshair);
}
