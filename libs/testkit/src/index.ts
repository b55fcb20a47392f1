export * from './listen.ts';
export * from './temp-dir.ts';
export * from './prometheus-text.ts';
// Process and port helpers are @loadlab/process-supervisor's, re-exported for tests.
export {
  freePort,
  startProcess,
  waitFor,
  waitUntilReady,
  type Proc,
  type WaitOptions,
} from '@loadlab/process-supervisor';
export * from './png.ts';
export * from './browser.ts';
export * from './processes.ts';
