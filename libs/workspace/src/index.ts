export * from './workspace-root.ts';
export * from './path-options.ts';
