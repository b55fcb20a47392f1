/** A real crocodile-api in a temp dir, for k6 to load. */
import { join } from 'node:path';
import { startCrocodileApi } from '@loadlab/local-stack';
import { CROCODILE_API_MAIN } from '@loadlab/workspace';
import { makeTempDir } from '@loadlab/testkit';

export async function apiUnderTest(env: Record<string, string> = {}) {
  const dir = await makeTempDir('load-tests-e2e-');
  const api = await startCrocodileApi({
    main: CROCODILE_API_MAIN,
    dbFile: join(dir.path, 'db.json'),
    env: { LOG_LEVEL: 'warn', ...env },
  });
  return {
    url: api.url,
    dir: dir.path,
    async close() {
      await api.stop();
      await dir.remove();
    },
  };
}

export const seconds = (r: { startedAt: Date; endedAt: Date }) =>
  ((r.endedAt.getTime() - r.startedAt.getTime()) / 1000).toFixed(1);
