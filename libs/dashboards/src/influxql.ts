/**
 * A small typed InfluxQL query for Grafana's InfluxDB datasource: the SDK has no
 * InfluxDB builder, and hand-written query strings are where typos live.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as common from '@grafana/grafana-foundation-sdk/common';
import { K6_INFLUX_MEASUREMENTS } from '@loadlab/metrics';

export const INFLUX_DS: common.DataSourceRef = { type: 'influxdb', uid: '${influxdb}' };

export type Aggregate = 'sum' | 'mean' | 'max' | 'count' | { percentile: number };

export interface InfluxQlSpec {
  readonly measurement: (typeof K6_INFLUX_MEASUREMENTS)[keyof typeof K6_INFLUX_MEASUREMENTS];
  readonly aggregate: Aggregate;
  /** Tag filters; values may be Grafana variables, matched as regexes. */
  readonly where?: Readonly<Record<string, string>>;
  /** GROUP BY time(...), e.g. '1s' or '$__interval'. */
  readonly interval: string;
  readonly alias: string;
}

const ident = (s: string) => `"${s.replace(/"/g, '\\"')}"`;

export function renderInfluxQl(s: InfluxQlSpec, timeFilter = '$timeFilter'): string {
  const agg =
    typeof s.aggregate === 'string'
      ? `${s.aggregate}("value")`
      : `percentile("value", ${s.aggregate.percentile})`;
  const where = Object.entries(s.where ?? {}).map(([k, val]) => `${ident(k)} =~ /^${val}$/`);
  return `SELECT ${agg} FROM ${ident(s.measurement)} WHERE ${[...where, timeFilter].join(' AND ')} GROUP BY time(${s.interval}) fill(null)`;
}

export interface InfluxQlTarget extends cog.Dataquery {
  refId: string;
  datasource: common.DataSourceRef;
  query: string;
  rawQuery: true;
  resultFormat: 'time_series';
  alias: string;
}

/** Shaped like the SDK's DataqueryBuilders: the panel factories call `.refId()` on it. */
export class InfluxQlBuilder implements cog.Builder<cog.Dataquery> {
  readonly spec: InfluxQlSpec;
  private ref = 'A';
  constructor(spec: InfluxQlSpec) {
    this.spec = spec;
  }
  refId(refId: string): this {
    this.ref = refId;
    return this;
  }
  build(): InfluxQlTarget {
    return {
      refId: this.ref,
      datasource: INFLUX_DS,
      query: renderInfluxQl(this.spec),
      rawQuery: true,
      resultFormat: 'time_series',
      alias: this.spec.alias,
      // The SDK's marker for query variants; functions vanish in the JSON.
      _implementsDataqueryVariant: () => undefined,
    };
  }
}
