/** The tutorial's InfluxDB path: the k6 panels over k6's InfluxDB v1 output. */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { K6_INFLUX_MEASUREMENTS as M } from '@loadlab/metrics';
import { dashboardBase, datasourceVariable, layout, timeseriesPanel, UNITS } from '../common.ts';
import { INFLUX_DS, InfluxQlBuilder } from '../influxql.ts';

export const UID = 'loadlab-k6-influxdb';

export function k6ResultsInfluxdb() {
  const where = { testid: '$testid' };
  const q = (spec: ConstructorParameters<typeof InfluxQlBuilder>[0]) => new InfluxQlBuilder(spec);
  const panels = layout([
    [
      [
        timeseriesPanel({
          title: 'Requests per second',
          unit: UNITS.reqps,
          datasource: INFLUX_DS,
          targets: [
            q({ measurement: M.requests, aggregate: 'sum', where, interval: '1s', alias: 'req/s' }),
          ],
        }),
        12,
        8,
      ],
      [
        timeseriesPanel({
          title: 'Virtual users',
          unit: UNITS.count,
          datasource: INFLUX_DS,
          targets: [
            q({ measurement: M.vus, aggregate: 'max', where, interval: '1s', alias: 'VUs' }),
          ],
        }),
        12,
        8,
      ],
    ],
    [
      [
        timeseriesPanel({
          title: 'Response time p95',
          unit: UNITS.ms,
          datasource: INFLUX_DS,
          targets: [
            q({
              measurement: M.duration,
              aggregate: { percentile: 95 },
              where,
              interval: '$__interval',
              alias: 'p95',
            }),
          ],
        }),
        12,
        8,
      ],
      [
        timeseriesPanel({
          title: 'Checks per second',
          unit: UNITS.reqps,
          datasource: INFLUX_DS,
          targets: [
            q({
              measurement: M.checks,
              aggregate: 'sum',
              where,
              interval: '1s',
              alias: 'checks/s',
            }),
          ],
        }),
        12,
        8,
      ],
    ],
  ]);
  const testid = new dashboard.CustomVariableBuilder('testid')
    .label('k6 testid regex')
    .values('.*')
    .current({ text: '.*', value: '.*' });
  const d = dashboardBase(UID, 'k6 results (InfluxDB)', ['k6', 'influxdb'])
    .withVariable(datasourceVariable('influxdb', 'influxdb'))
    .withVariable(testid);
  for (const p of panels) d.withPanel(p as never);
  return d;
}
