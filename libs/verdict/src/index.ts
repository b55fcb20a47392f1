// The model: checks with three outcomes, figures, the SLO and which checks it requires, verdicts.
export * from './model/check.ts';
export * from './model/figures.ts';
export * from './model/figure-validation.ts';
export * from './model/scaling.ts';
export * from './model/slo.ts';
export * from './model/verdict.ts';
export * from './could-not-run.ts';
export * from './cpu-profile.ts';
// The local run against the SLO.
export * from './slo/slo.ts';
export * from './slo/collect.ts';
export * from './slo/slo-checks.ts';
export * from './slo/hints.ts';
export * from './slo/evaluate.ts';
export * from './slo/combined-thresholds.ts';
export * from './slo/client-from-prometheus.ts';
export * from './slo/generators-check.ts';
export * from './slo/generators-complete.ts';
// The scaling verifier.
export * from './scaling/collect-scaling.ts';
export * from './scaling/scaling-figures.ts';
export * from './scaling/scaling-checks.ts';
export * from './scaling/verify.ts';
// The reports.
export * from './report/console.ts';
export * from './report/html.ts';
export * from './report/junit.ts';
export * from './report/write-reports.ts';
export * from './report/svg-chart.ts';
