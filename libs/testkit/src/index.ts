export { listen, type Listening } from './listen.ts';
export { makeTempDir, type TempDir } from './temp-dir.ts';
export { findSamples, parsePrometheusText } from './prometheus-text.ts';
export { decodePng, inkRatio } from './png.ts';
export { signalAndWait, signalDuringLoad } from './processes.ts';
