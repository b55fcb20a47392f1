/** The dashboards' template variables: the datasource, and namespace / app / testid from label values. */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { K6_METRICS, KUBE_METRICS, TUTORIAL_NAMING } from '@loadlab/metrics';
import { PROM_DS } from './common.ts';

export function datasourceVariable(type: 'prometheus' | 'influxdb', name = 'datasource') {
  return new dashboard.DatasourceVariableBuilder(name)
    .label(type === 'prometheus' ? 'Prometheus' : 'InfluxDB')
    .type(type);
}

/** Only metric names @loadlab/metrics defines: a typo here fails typecheck. */
type MetricName =
  | (typeof KUBE_METRICS)[keyof typeof KUBE_METRICS]
  | typeof TUTORIAL_NAMING.requestsTotal
  | typeof K6_METRICS.requestsTotal;

function queryVariable(
  name: string,
  label: string,
  metric: MetricName,
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
