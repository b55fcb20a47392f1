/**
 * Shared pieces of every dashboard: datasource refs, variables, units and
 * panel factories. Panels take PromQL from @loadlab/metrics, never metric names.
 */
import * as common from '@grafana/grafana-foundation-sdk/common';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { K6_METRICS, KUBE_METRICS, TUTORIAL_NAMING, type Matcher } from '@loadlab/metrics';

/** The datasource variable; every Prometheus target points at it. */
export const PROM_DS: common.DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

/** Grafana variables as PromQL matchers (multi-value, so =~). */
export const v = {
  namespace: { op: '=~', value: '$namespace' } as Matcher,
  app: { op: '=~', value: '$app' } as Matcher,
  testid: { op: '=~', value: '$testid' } as Matcher,
};
export const RATE_WINDOW = '$__rate_interval';

export const UNITS = {
  reqps: 'reqps',
  ms: 'ms',
  seconds: 's',
  ratio: 'percentunit',
  bytes: 'bytes',
  cores: 'short',
  count: 'none',
} as const;

export function datasourceVariable(type: 'prometheus' | 'influxdb', name = 'datasource') {
  return new dashboard.DatasourceVariableBuilder(name)
    .label(type === 'prometheus' ? 'Prometheus' : 'InfluxDB')
    .type(type);
}

function queryVariable(
  name: string,
  label: string,
  metric: string,
  labelName: string,
  current: string,
) {
  return new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(PROM_DS)
    .query(`label_values(${metric}, ${labelName})`)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .current({ text: current, value: current })
    .includeAll(true)
    .allValue('.*')
    .multi(true);
}

export const variables = {
  namespace: () =>
    queryVariable('namespace', 'Namespace', KUBE_METRICS.podPhase, 'namespace', 'default'),
  app: () =>
    queryVariable(
      'app',
      'App',
      TUTORIAL_NAMING.requestsTotal,
      TUTORIAL_NAMING.labels.app,
      'crocodile-api',
    ),
  testid: () =>
    queryVariable('testid', 'k6 testid', K6_METRICS.requestsTotal, K6_METRICS.label.testid, 'All'),
};

/** A Prometheus target; refIds are assigned by the panel factories. */
export function prom(expr: string, legend: string): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder()
    .expr(expr)
    .legendFormat(legend)
    .datasource(PROM_DS)
    .range();
}

export interface PanelSpec {
  readonly title: string;
  readonly unit: string;
  readonly targets: readonly cog.Builder<cog.Dataquery>[];
  readonly description?: string;
  readonly datasource?: common.DataSourceRef;
}

const withRefIds = (targets: readonly cog.Builder<cog.Dataquery>[]) =>
  targets.map((t, i) => ({ build: () => ({ ...t.build(), refId: String.fromCharCode(65 + i) }) }));

export function timeseriesPanel(p: PanelSpec & { thresholdLine?: number }) {
  const b = new timeseries.PanelBuilder()
    .title(p.title)
    .unit(p.unit)
    .datasource(p.datasource ?? PROM_DS)
    .targets(withRefIds(p.targets))
    .lineWidth(2)
    .fillOpacity(10);
  if (p.description) b.description(p.description);
  if (p.thresholdLine !== undefined) {
    b.thresholds(
      new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
        { value: null as unknown as number, color: 'green' },
        { value: p.thresholdLine, color: 'red' },
      ]),
    ).thresholdsStyle(
      new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed),
    );
  }
  return b;
}

export function statPanel(p: PanelSpec) {
  const b = new stat.PanelBuilder()
    .title(p.title)
    .unit(p.unit)
    .datasource(p.datasource ?? PROM_DS)
    .targets(withRefIds(p.targets));
  if (p.description) b.description(p.description);
  return b;
}

type PanelBuilderLike = {
  id(id: number): unknown;
  gridPos(g: dashboard.GridPos): unknown;
  build(): dashboard.Panel;
};

/** Lays panels out left to right in 24-column rows, [panel, width, height], and numbers them. */
export function layout(
  rows: readonly (readonly [PanelBuilderLike, number, number])[][],
): PanelBuilderLike[] {
  const placed: PanelBuilderLike[] = [];
  let y = 0;
  for (const row of rows) {
    let x = 0;
    let height = 0;
    for (const [panel, w, h] of row) {
      panel.gridPos({ x, y, w, h });
      panel.id(placed.length + 1);
      x += w;
      height = Math.max(height, h);
      placed.push(panel);
    }
    if (x > 24) throw new Error(`a dashboard row is ${x} columns wide; Grafana has 24`);
    y += height;
  }
  return placed;
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
