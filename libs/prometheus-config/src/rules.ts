/** Alerting rules for crocodile-api, from the canonical queries and the scaling policy. */
import { kubeQueries, queries } from '@loadlab/metrics';
import { SCALING_POLICY } from '@loadlab/scaling';

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { severity: 'warning' | 'critical' };
  readonly annotations: { summary: string; description: string };
}

export function alertRules(namespace: string) {
  const app = { app: SCALING_POLICY.target, labels: { namespace }, window: '5m' };
  const kube = { namespace, app: SCALING_POLICY.target };
  const rules: AlertRule[] = [
    {
      alert: 'CrocodileApiHighErrorRatio',
      expr: `${queries.errorRatio(app)} > 0.01`,
      for: '5m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'crocodile-api answers more than 1% of requests with 5xx',
        description: 'The 5xx ratio over 5 minutes is above the 1% SLO.',
      },
    },
    {
      alert: 'CrocodileApiSlow',
      expr: `${queries.latencyQuantile(0.95, app)} > 0.7`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'crocodile-api p95 latency is above the 700 ms SLO',
        description: 'p95 over 5 minutes, from the histogram, is above 700 ms.',
      },
    },
    {
      alert: 'CrocodileApiAtMaxReplicas',
      expr: `${kubeQueries.hpaCurrent(kube)} >= ${SCALING_POLICY.maxReplicas}`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `crocodile-api has run at its maximum of ${SCALING_POLICY.maxReplicas} replicas for 10 minutes`,
        description:
          'The autoscaler cannot add capacity: raise maxReplicas or make each replica faster.',
      },
    },
  ];
  return { groups: [{ name: 'crocodile-api', rules }] };
}
