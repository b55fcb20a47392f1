export * from './policy.ts';
export * from './hpa-model.ts';
