export * from './paths.ts';
export * from './summary.ts';
export * from './run-suite.ts';
export * from './inspect.ts';
export * from './suite-catalog.ts';
export * from './segments.ts';
export * from './run-distributed.ts';
