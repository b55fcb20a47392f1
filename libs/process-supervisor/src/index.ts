export { type Proc, startProcess, waitUntilReady } from './process.ts';
export { run, RunError, runSync } from './run.ts';
export { waitFor } from './wait-for.ts';
export { assertPortFree, freePort } from './ports.ts';
export { findBinary, requireBinary } from './require-binary.ts';
export { listeningPorts } from './listening-ports.ts';
export { abortOnSignals, SIGNAL_GRACE_MS } from './abort-on-signals.ts';
