export * from './listen.ts';
export * from './temp-dir.ts';
export * from './prometheus-text.ts';
// Process and port helpers are shared with the local stack (the demo uses them too).
export {
  freePort,
  startProcess,
  waitFor,
  type Proc,
  type WaitOptions,
} from '@loadlab/process-supervisor';
export * from './png.ts';
export * from './browser.ts';
