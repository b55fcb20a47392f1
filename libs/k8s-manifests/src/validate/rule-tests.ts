/**
 * `promtool test rules` cases, one or more per alert: series built from the
 * canonical metric names, and the alert that must (or must not) fire.
 */
import { KUBE_METRICS, TUTORIAL_NAMING as N } from '@loadlab/metrics';
import { SCALING_POLICY } from '@loadlab/scaling';
import { alertRules } from '@loadlab/prometheus-config';
import { NS } from '../constants.ts';

const app = `${N.labels.app}="${SCALING_POLICY.target}",namespace="${NS.app}"`;
const req = (status: string) =>
  `${N.requestsTotal}{${app},method="GET",route="/crocodiles",status="${status}"}`;
const bucket = (le: string) =>
  `${N.requestDuration}_bucket{${app},method="GET",route="/crocodiles",status="200",le="${le}"}`;
const hpa = `${KUBE_METRICS.hpaCurrentReplicas}{namespace="${NS.app}",horizontalpodautoscaler="keda-hpa-${SCALING_POLICY.target}"}`;

/** 20 minutes of 10 req/s, with `errorPerSecond` of them 5xx. */
const traffic = (errorPerSecond: number) => [
  { series: req('200'), values: `0+${(10 - errorPerSecond) * 60}x20` },
  { series: req('500'), values: `0+${errorPerSecond * 60}x20` },
];
/** Histogram where every request lands in the bucket `le` (and above). */
const latency = (le: string) =>
  ['0.25', '0.5', '0.7', '1', '+Inf'].map((b) => ({
    series: bucket(b),
    values: Number(b === '+Inf' ? Infinity : b) >= Number(le) ? '0+600x20' : '0+0x20',
  }));

export function ruleTests(ruleFile: string) {
  const rules = alertRules(NS.app).groups.flatMap((g) => g.rules);
  /** The alert firing once, with the rule's own labels and annotations. */
  const fires = (alertname: string) => {
    const r = rules.find((x) => x.alert === alertname)!;
    return [{ exp_labels: r.labels, exp_annotations: r.annotations }];
  };
  return {
    rule_files: [ruleFile],
    evaluation_interval: '1m',
    tests: [
      {
        // 5% errors for 20 minutes: fires. Latency all under 250 ms: the slow alert stays quiet.
        interval: '1m',
        input_series: [...traffic(0.5), ...latency('0.25')],
        alert_rule_test: [
          {
            eval_time: '15m',
            alertname: 'CrocodileApiHighErrorRatio',
            exp_alerts: fires('CrocodileApiHighErrorRatio'),
          },
          { eval_time: '15m', alertname: 'CrocodileApiSlow', exp_alerts: [] },
        ],
      },
      {
        // No errors, but every request takes up to 1 s: p95 > 700 ms fires, errors stay quiet.
        interval: '1m',
        input_series: [...traffic(0), ...latency('1')],
        alert_rule_test: [
          {
            eval_time: '15m',
            alertname: 'CrocodileApiSlow',
            exp_alerts: fires('CrocodileApiSlow'),
          },
          { eval_time: '15m', alertname: 'CrocodileApiHighErrorRatio', exp_alerts: [] },
        ],
      },
      {
        // At max replicas for 15 minutes fires; 9 replicas does not.
        interval: '1m',
        input_series: [{ series: hpa, values: `${SCALING_POLICY.maxReplicas}x20` }],
        alert_rule_test: [
          { eval_time: '5m', alertname: 'CrocodileApiAtMaxReplicas', exp_alerts: [] },
          {
            eval_time: '15m',
            alertname: 'CrocodileApiAtMaxReplicas',
            exp_alerts: fires('CrocodileApiAtMaxReplicas'),
          },
        ],
      },
      {
        interval: '1m',
        input_series: [{ series: hpa, values: `${SCALING_POLICY.maxReplicas - 1}x20` }],
        alert_rule_test: [
          { eval_time: '15m', alertname: 'CrocodileApiAtMaxReplicas', exp_alerts: [] },
        ],
      },
    ],
  };
}
