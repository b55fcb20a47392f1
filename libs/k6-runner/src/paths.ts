import { existsSync } from 'node:fs';
import { join } from 'node:path';
// The defaults below (bundles, the workspace's k6) belong to the CLI; they move out with it.
import { workspacePath } from '@loadlab/workspace';

/** Where nx run load-tests:build writes one bundle per suite. */
export const BUNDLE_DIR = workspacePath('dist/apps/load-tests');

export class K6NotFoundError extends Error {}

/** k6: $K6, else .tools/bin/k6 (built by tools/setup/ensure-k6.sh), else k6 on PATH. */
export function resolveK6(env: NodeJS.ProcessEnv = process.env): string {
  if (env.K6) {
    if (!existsSync(env.K6))
      throw new K6NotFoundError(`K6=${env.K6} does not exist; unset it or point it at a k6 binary`);
    return env.K6;
  }
  const local = workspacePath('.tools/bin/k6');
  if (existsSync(local)) return local;
  const onPath = (env.PATH ?? '')
    .split(':')
    .map((d) => join(d, 'k6'))
    .find((p) => existsSync(p));
  if (onPath) return onPath;
  throw new K6NotFoundError(
    'k6 not found: run ./loadlab setup (it builds k6 with Go) or put k6 v2 on PATH',
  );
}

export function bundlePath(suite: string): string {
  return join(BUNDLE_DIR, `${suite}.js`);
}
