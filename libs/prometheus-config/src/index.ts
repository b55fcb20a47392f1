export * from './config.ts';
export * from './scrape-jobs.ts';
export * from './cluster.ts';
export * from './rules.ts';
