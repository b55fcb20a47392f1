/**
 * Where the workspace is, for apps, CLIs and tests only: libraries get their paths passed in.
 * fileURLToPath, not URL.pathname, which keeps %20 and so breaks on folders with spaces.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORKSPACE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A path inside the workspace, e.g. workspacePath('apps/crocodile-api/src/main.ts'). */
export const workspacePath = (...parts: string[]): string => join(WORKSPACE_ROOT, ...parts);

/** The API's entry point, which the tests and the local tools run as a real process. */
export const CROCODILE_API_MAIN = workspacePath('apps/crocodile-api/src/main.ts');
