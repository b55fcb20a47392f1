export { listen, type Listening } from './listen.ts';
export { makeTempDir, type TempDir } from './temp-dir.ts';
export { findSamples, parsePrometheusText } from './prometheus-text.ts';
/**
 * @deprecated Import these from @loadlab/process-supervisor. Kept only until the last importers
 * (apps/crocodile-api specs and test-support.ts, apps/capacity-cli/src/cli.spec.ts) do; then delete.
 */
export { freePort, startProcess, type Proc } from '@loadlab/process-supervisor';
export { decodePng, inkRatio } from './png.ts';
/**
 * @deprecated Chromium is @loadlab/chromium's (production code renders with it). Kept only until
 * apps/capacity-cli/src/chart-images.ts imports it from there; then delete this line.
 */
export { launchChromium } from '@loadlab/chromium';
export { signalAndWait, signalDuringLoad } from './processes.ts';
