export * from './listen.ts';
export * from './temp-dir.ts';
export * from './wait-for.ts';
export * from './process.ts';
export * from './prometheus-text.ts';
