export * from './workspace-root.ts';
