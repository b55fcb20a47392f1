/**
 * The work cap on a busy machine: a process that waits for a core is not doing
 * work, so cheap reads are never refused for it. The wait is made for real:
 * the server is stopped (SIGSTOP) for longer than the cap, again and again,
 * while reads are in flight. The cap itself is work-caps.spec.ts's.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import { WORK_HARD_CAP_MS } from './json-server/work-budget.ts';
import { assertStillServesThenStops, call, spawnApi } from './test-support.ts';

let dir: TempDir;
before(async () => (dir = await makeTempDir('work-caps-busy-')));
after(() => dir.remove());

it('reads that wait for a core longer than the cap are answered, not refused', async () => {
  const api = await spawnApi({ DB_FILE: join(dir.path, 'db.json') });
  const pid = api.proc.pid;
  let stopping = true;
  const stopper = (async () => {
    for (let i = 0; i < 400 && stopping; i++) {
      process.kill(pid, 'SIGSTOP');
      await sleep(WORK_HARD_CAP_MS + 20);
      process.kill(pid, 'SIGCONT');
      await sleep(2);
    }
  })();
  try {
    const reads = ['/crocodiles/1', '/crocodiles?name_like=a', '/crocodiles?q=M'];
    for (let i = 0; i < 60; i++) {
      const r = await call(`${api.url}${reads[i % reads.length]}`);
      assert.equal(r.status, 200, `read ${i}: ${JSON.stringify(r.body)}`);
    }
    stopping = false;
    await stopper;
    console.log('figure: 60 reads while the server was stopped most of the time: all 200');
    await assertStillServesThenStops(api);
  } finally {
    stopping = false;
    await stopper;
    if (api.proc.child.exitCode === null) process.kill(pid, 'SIGCONT');
    await api.proc.stop('SIGKILL');
  }
});
