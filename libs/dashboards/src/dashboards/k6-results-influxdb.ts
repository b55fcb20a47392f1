/** The tutorial's InfluxDB path: the k6 panels over k6's InfluxDB v1 output. */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { K6_INFLUX_MEASUREMENTS as M } from '@loadlab/metrics';
import { dashboardBase } from '../common.ts';
import { INFLUX_DS, InfluxQlBuilder } from '../influxql.ts';
import { row, timeseriesPanel } from '../panels.ts';
import { datasourceVariable } from '../variables.ts';

export const UID = 'loadlab-k6-influxdb';

const where = { testid: '$testid' };

const requestRate = () =>
  timeseriesPanel({
    title: 'Requests per second',
    unit: units.RequestsPerSecond,
    datasource: INFLUX_DS,
    targets: [
      new InfluxQlBuilder({
        measurement: M.requests,
        aggregate: 'sum',
        where,
        interval: '1s',
        alias: 'req/s',
      }),
    ],
  });

const virtualUsers = () =>
  timeseriesPanel({
    title: 'Virtual users',
    unit: units.NoUnit,
    datasource: INFLUX_DS,
    targets: [
      new InfluxQlBuilder({
        measurement: M.vus,
        aggregate: 'max',
        where,
        interval: '1s',
        alias: 'VUs',
      }),
    ],
  });

const latency = () =>
  timeseriesPanel({
    title: 'Response time p95',
    unit: units.Milliseconds,
    datasource: INFLUX_DS,
    targets: [
      new InfluxQlBuilder({
        measurement: M.duration,
        aggregate: { percentile: 95 },
        where,
        interval: '$__interval',
        alias: 'p95',
      }),
    ],
  });

const checks = () =>
  timeseriesPanel({
    title: 'Checks per second',
    unit: units.RequestsPerSecond,
    datasource: INFLUX_DS,
    targets: [
      new InfluxQlBuilder({
        measurement: M.checks,
        aggregate: 'sum',
        where,
        interval: '1s',
        alias: 'checks/s',
      }),
    ],
  });

export function k6ResultsInfluxdb() {
  const testid = new dashboard.CustomVariableBuilder('testid')
    .label('k6 testid regex')
    .values('.*')
    .current({ text: '.*', value: '.*' });
  return dashboardBase(UID, 'k6 results (InfluxDB)', ['k6', 'influxdb'])
    .withVariable(datasourceVariable('influxdb', 'influxdb'))
    .withVariable(testid)
    .withRow(row('Load'))
    .withPanel(requestRate().span(12).height(8))
    .withPanel(virtualUsers().span(12).height(8))
    .withRow(row('Latency and checks'))
    .withPanel(latency().span(12).height(8))
    .withPanel(checks().span(12).height(8));
}
