/** k6 results from its Prometheus remote-write output, per testid. */
import * as units from '@grafana/grafana-foundation-sdk/units';
import { k6Queries } from '@loadlab/metrics';
import { dashboardBase, prom, RATE_WINDOW, v } from '../common.ts';
import { row, timeseriesPanel } from '../panels.ts';
import { datasourceVariable, variables } from '../variables.ts';

export const UID = 'loadlab-k6';

const requestRate = () =>
  timeseriesPanel({
    title: 'Requests per second',
    unit: units.RequestsPerSecond,
    targets: [prom(k6Queries.requestRate(v.testid, RATE_WINDOW), 'req/s')],
  });

const virtualUsers = () =>
  timeseriesPanel({
    title: 'Virtual users',
    unit: units.NoUnit,
    targets: [prom(k6Queries.vus(v.testid), 'VUs')],
  });

const latency = () =>
  timeseriesPanel({
    title: 'Response time p95 and p99',
    unit: units.Seconds,
    thresholdLine: 0.7,
    targets: [
      prom(k6Queries.duration('p95', v.testid), 'p95'),
      prom(k6Queries.duration('p99', v.testid), 'p99'),
    ],
  });

const failures = () =>
  timeseriesPanel({
    title: 'Failed requests and checks',
    unit: units.PercentUnit,
    targets: [
      prom(k6Queries.failedRate(v.testid), 'failed'),
      prom(k6Queries.checksRate(v.testid), 'checks passed'),
    ],
  });

export function k6Results() {
  return dashboardBase(UID, 'k6 results', ['k6'])
    .withVariable(datasourceVariable('prometheus'))
    .withVariable(variables.testid())
    .withRow(row('Load'))
    .withPanel(requestRate().span(12).height(8))
    .withPanel(virtualUsers().span(12).height(8))
    .withRow(row('Latency and failures'))
    .withPanel(latency().span(12).height(8))
    .withPanel(failures().span(12).height(8));
}
