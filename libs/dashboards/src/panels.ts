/**
 * Panel factories. Each returns the SDK's own panel builder, so a dashboard places it with
 * `.span()` / `.height()` and the SDK computes gridPos; targets get their refId through `.refId()`.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { PROM_DS } from './common.ts';

/** A query builder that takes a refId: the SDK's DataqueryBuilders, and our InfluxQlBuilder. */
export type Query = cog.Builder<cog.Dataquery> & { refId(refId: string): unknown };

export interface PanelSpec {
  readonly title: string;
  /** One of the SDK's units (`@grafana/grafana-foundation-sdk/units`). */
  readonly unit: string;
  readonly targets: readonly Query[];
  readonly description?: string;
  readonly datasource?: common.DataSourceRef;
}

/** Grafana's convention: A, B, C... in the order the queries are listed. */
function lettered(targets: readonly Query[]): Query[] {
  if (targets.length > 26) throw new Error(`a panel has ${targets.length} queries; refIds run A-Z`);
  return targets.map((t, i) => {
    t.refId(String.fromCharCode(65 + i));
    return t;
  });
}

export function timeseriesPanel(p: PanelSpec & { thresholdLine?: number }) {
  const b = new timeseries.PanelBuilder()
    .title(p.title)
    .unit(p.unit)
    .datasource(p.datasource ?? PROM_DS)
    .targets(lettered(p.targets))
    .lineWidth(2)
    .fillOpacity(10);
  if (p.description) b.description(p.description);
  if (p.thresholdLine !== undefined) {
    b.thresholds(
      new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
        { value: null, color: 'green' },
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
    .targets(lettered(p.targets));
  if (p.description) b.description(p.description);
  return b;
}

/** A section header; the panels added after it belong to it until the next row. */
export const row = (title: string) => new dashboard.RowBuilder(title);
