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

/** Where nx run load-tests:build writes one bundle per suite (and suites.json). */
export const K6_BUNDLE_DIR = workspacePath('dist/apps/load-tests');

/** The k6 that tools/setup/ensure-k6.sh builds; $K6 overrides it, k6 on PATH is the fallback. */
export const LOCAL_K6 = workspacePath('.tools/bin/k6');

/** Both, in the shape k6-runner's runSuite and inspectSuite take: { ...WORKSPACE_K6, suite, ... }. */
export const WORKSPACE_K6 = { bundleDir: K6_BUNDLE_DIR, localK6: LOCAL_K6 } as const;

/** Where npx nx run local-cluster:binaries puts the control plane's binaries. */
export const LOCAL_CLUSTER_BIN_DIR = workspacePath('.tools/k8s/bin');

/** The pinned versions, shared by the setup scripts and local-cluster. */
export const VERSIONS_ENV = workspacePath('tools/versions.env');

/** Both, in the shape local-cluster's startLocalCluster takes: { ...WORKSPACE_CLUSTER, workDir }. */
export const WORKSPACE_CLUSTER = {
  binDir: LOCAL_CLUSTER_BIN_DIR,
  versionsEnv: VERSIONS_ENV,
} as const;
