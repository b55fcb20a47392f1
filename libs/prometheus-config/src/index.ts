export * from './config.ts';
export * from './cluster.ts';
export * from './rules.ts';
