export * from './input-issues.ts';
export * from './option-values.ts';
