/**
 * The fixture most e2e specs start from: a real crocodile-api on an ephemeral port, with its
 * db.json in a temp dir that the spec can also write its reports into, and a k6 run against it
 * at the ci profile (seconds, same shape as the real suite).
 */
import { join } from 'node:path';
import { runSuite, type SuiteRunOptions, type SuiteRunResult } from '@loadlab/k6-runner';
import { startCrocodileApi, type RunningApi } from '@loadlab/local-stack';
import { makeTempDir } from '@loadlab/testkit';
import { CROCODILE_API_MAIN, WORKSPACE_K6 } from '@loadlab/workspace';

export interface ApiUnderTest {
  readonly url: string;
  /** The temp dir: the API's db.json, and room for the spec's own files. */
  readonly dir: string;
  readonly api: RunningApi;
  /** Stops the API by PID and removes the temp dir. */
  close(): Promise<void>;
}

export interface ApiUnderTestOptions {
  /** Extra environment for the API (LOG_LEVEL is warn unless given). */
  readonly env?: Record<string, string>;
  /** The temp dir's name prefix, so a leftover says which spec made it. */
  readonly prefix?: string;
}

export async function apiUnderTest(o: ApiUnderTestOptions = {}): Promise<ApiUnderTest> {
  const dir = await makeTempDir(o.prefix ?? 'api-under-test-');
  let api: RunningApi;
  try {
    api = await startCrocodileApi({
      main: CROCODILE_API_MAIN,
      dbFile: join(dir.path, 'db.json'),
      env: { LOG_LEVEL: 'warn', ...o.env },
    });
  } catch (err) {
    await dir.remove();
    throw err;
  }
  return {
    url: api.url,
    dir: dir.path,
    api,
    async close() {
      await api.stop();
      await dir.remove();
    },
  };
}

/** A k6 suite against the API at the ci profile, its files under <dir>/<outName>. */
export function ciRun(
  target: Pick<ApiUnderTest, 'url' | 'dir'>,
  suite: string,
  o: Partial<Omit<SuiteRunOptions, 'suite' | 'baseUrl'>> & { readonly outName?: string } = {},
): Promise<SuiteRunResult> {
  const { outName = suite, ...rest } = o;
  return runSuite({
    ...WORKSPACE_K6,
    profile: 'ci',
    outDir: join(target.dir, outName),
    ...rest,
    suite,
    baseUrl: target.url,
  });
}
