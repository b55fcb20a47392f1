export { bundlePath, type K6Location, resolveK6 } from './paths.ts';
export { type K6Summary, parseSummary, targetDownReason, thresholdResults } from './summary.ts';
export {
  newTestid,
  runSuite,
  suiteEnv,
  type SuiteRunOptions,
  type SuiteRunResult,
  THRESHOLDS_FAILED,
} from './run-suite.ts';
export { inspectSuite, plannedSeconds } from './inspect.ts';
export { readSuiteCatalog } from './suite-catalog.ts';
export { MAX_PARALLELISM, segmentArgs, segments } from './segments.ts';
export {
  type DistributedRunOptions,
  type DistributedRunResult,
  runDistributed,
} from './run-distributed.ts';
