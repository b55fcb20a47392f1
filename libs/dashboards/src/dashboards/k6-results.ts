/** k6 results from its Prometheus remote-write output, per testid. */
import { k6Queries } from '@loadlab/metrics';
import {
  dashboardBase,
  datasourceVariable,
  layout,
  prom,
  RATE_WINDOW,
  timeseriesPanel,
  UNITS,
  v,
  variables,
} from '../common.ts';

export const UID = 'loadlab-k6';

export function k6Results() {
  const panels = layout([
    [
      [
        timeseriesPanel({
          title: 'Requests per second',
          unit: UNITS.reqps,
          targets: [prom(k6Queries.requestRate(v.testid, RATE_WINDOW), 'req/s')],
        }),
        12,
        8,
      ],
      [
        timeseriesPanel({
          title: 'Virtual users',
          unit: UNITS.count,
          targets: [prom(k6Queries.vus(v.testid), 'VUs')],
        }),
        12,
        8,
      ],
    ],
    [
      [
        timeseriesPanel({
          title: 'Response time p95 and p99',
          unit: UNITS.seconds,
          thresholdLine: 0.7,
          targets: [
            prom(k6Queries.duration('p95', v.testid), 'p95'),
            prom(k6Queries.duration('p99', v.testid), 'p99'),
          ],
        }),
        12,
        8,
      ],
      [
        timeseriesPanel({
          title: 'Failed requests and checks',
          unit: UNITS.ratio,
          targets: [
            prom(k6Queries.failedRate(v.testid), 'failed'),
            prom(k6Queries.checksRate(v.testid), 'checks passed'),
          ],
        }),
        12,
        8,
      ],
    ],
  ]);
  const d = dashboardBase(UID, 'k6 results', ['k6'])
    .withVariable(datasourceVariable('prometheus'))
    .withVariable(variables.testid());
  for (const p of panels) d.withPanel(p as never);
  return d;
}
