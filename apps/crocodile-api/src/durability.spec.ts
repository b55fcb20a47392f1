/**
 * Every acknowledged write survives: concurrent POSTs, then SIGKILL in the
 * middle of a write burst, then a restart on the same file.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import { call, readDurable, spawnApi } from './test-support.ts';

const croc = (i: number) => ({
  name: `Burst ${i}`,
  sex: i % 2 ? 'M' : 'F',
  date_of_birth: '2020-01-01',
  age: i % 50,
});

describe('durable writes', () => {
  let dir: TempDir;
  before(async () => (dir = await makeTempDir()));
  after(() => dir.remove());

  it('keeps every acknowledged id across SIGKILL and restart, with no duplicates', async (t) => {
    const DB_FILE = join(dir.path, 'db.json');
    const { proc, url } = await spawnApi({ DB_FILE });
    t.after(() => proc.stop('SIGKILL'));

    // 200 concurrent POSTs first: group commit must give each its own id.
    const first = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        call(`${url}/crocodiles`, { method: 'POST', json: croc(i) }),
      ),
    );
    assert.ok(first.every((r) => r.status === 201));
    const acknowledged = new Set<number>(first.map((r) => r.body.id));
    assert.equal(acknowledged.size, 200, 'no duplicate ids');

    // Then a burst from 16 writers, killed mid-flight. Bounded: at most 2 s or 5,000 writes.
    let stop = false;
    let sent = 0;
    const writer = async () => {
      while (!stop && sent < 5000) {
        sent++;
        try {
          const r = await call(`${url}/crocodiles`, { method: 'POST', json: croc(sent) });
          if (r.status === 201) acknowledged.add(r.body.id);
        } catch {
          return; // connection reset by the kill: not acknowledged
        }
      }
    };
    const writers = Array.from({ length: 16 }, writer);
    await sleep(700);
    proc.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await proc.exited;

    const onDisk = (await readDurable(DB_FILE)) as { crocodiles: { id: number }[] };
    const restarted = await spawnApi({ DB_FILE });
    t.after(() => restarted.proc.stop());
    {
      const served = (await call(`${restarted.url}/crocodiles`)).body as { id: number }[];
      const present = new Set(served.map((c) => c.id));
      const lost = [...acknowledged].filter((id) => !present.has(id));
      console.log(
        `figures: acknowledged=${acknowledged.size} present=${[...acknowledged].length - lost.length} lost=${lost.length} sent=${sent} on-disk=${onDisk.crocodiles.length}`,
      );
      assert.ok(acknowledged.size > 200, 'the burst acknowledged writes before the kill');
      assert.deepEqual(lost, []);
      assert.equal(present.size, served.length, 'no duplicate ids on disk');
    }
  });
});
