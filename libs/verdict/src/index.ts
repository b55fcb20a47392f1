// The model: checks with three outcomes, figures, the SLO and which checks it requires, verdicts.
export { type Series } from './model/figures.ts';
export { DEFAULT_REQUIRED, type Slo } from './model/slo.ts';
export { EXIT_CODES, type TopFunction, type Verdict } from './model/verdict.ts';
export { isCouldNotRun } from './could-not-run.ts';
export { topFunctions } from './cpu-profile.ts';
// The local run against the SLO.
export { loadSlo, sloAsK6Env, sloAsThresholds } from './slo/slo.ts';
export { evaluate } from './slo/evaluate.ts';
export { clientFromPrometheus } from './slo/client-from-prometheus.ts';
export { distributedRunProblem } from './slo/generators-check.ts';
// The scaling verifier.
export { STEP_SECONDS } from './scaling/collect-scaling.ts';
export { DEFAULT_LIMITS } from './scaling/scaling-figures.ts';
export { verifyScaling } from './scaling/verify.ts';
// The reports.
export { consoleReport } from './report/console.ts';
export { type ReportFiles, writeReports } from './report/write-reports.ts';
export { type ChartSpec, lineChart } from './report/svg-chart.ts';
