export const WORKSPACE_ROOT = new URL('../../../', import.meta.url).pathname;
