import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a run finds its bundles and k6. Passed in by the apps and tests (@loadlab/workspace has
 * the workspace's K6_BUNDLE_DIR and LOCAL_K6): a library does not know where the workspace is.
 */
export interface K6Location {
  /** The folder with one bundle per suite and suites.json (what nx run load-tests:build writes). */
  readonly bundleDir: string;
  /** A k6 to try after $K6 and before PATH, e.g. the one tools/setup/ensure-k6.sh builds. */
  readonly localK6?: string;
}

export class K6NotFoundError extends Error {}

/** k6: $K6, else localK6 when it exists, else k6 on PATH. */
export function resolveK6(env: NodeJS.ProcessEnv = process.env, localK6?: string): string {
  if (env.K6) {
    if (!existsSync(env.K6))
      throw new K6NotFoundError(`K6=${env.K6} does not exist; unset it or point it at a k6 binary`);
    return env.K6;
  }
  if (localK6 && existsSync(localK6)) return localK6;
  const onPath = (env.PATH ?? '')
    .split(':')
    .map((d) => join(d, 'k6'))
    .find((p) => existsSync(p));
  if (onPath) return onPath;
  throw new K6NotFoundError(
    'k6 not found: run ./loadlab setup (it builds k6 with Go) or put k6 v2 on PATH',
  );
}

export function bundlePath(bundleDir: string, suite: string): string {
  return join(bundleDir, `${suite}.js`);
}
