export * from './process.ts';
export * from './run.ts';
export * from './wait-for.ts';
export * from './ports.ts';
export * from './require-binary.ts';
export * from './listening-ports.ts';
export * from './abort-on-signals.ts';
