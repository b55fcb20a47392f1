import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { GroupCommit } from './group-commit.ts';

describe('GroupCommit', () => {
  it('acknowledges each change only after a snapshot that includes it was persisted', async () => {
    const state: number[] = [];
    const persisted: string[] = [];
    const gc = new GroupCommit(
      () => JSON.stringify(state),
      async (d) => {
        await sleep(20);
        persisted.push(d);
      },
    );
    const acks = Array.from({ length: 50 }, async (_, i) => {
      state.push(i);
      await gc.commit();
      // When acknowledged, the last persisted snapshot contains this change.
      assert.ok((JSON.parse(persisted.at(-1)!) as number[]).includes(i), `change ${i}`);
    });
    await Promise.all(acks);
    assert.deepEqual(gc.stats, { flushes: persisted.length, commits: 50 });
    assert.ok(persisted.length <= 2, `50 concurrent changes took ${persisted.length} flushes`);
  });

  it('gathers changes made during a flush into the next one', async () => {
    let n = 0;
    const snapshots: string[] = [];
    const gc = new GroupCommit(
      () => String(n),
      async (d) => {
        snapshots.push(d);
        await sleep(10);
      },
    );
    n = 1;
    const first = gc.commit();
    await sleep(2);
    n = 2;
    const second = gc.commit();
    n = 3;
    const third = gc.commit();
    await Promise.all([first, second, third]);
    assert.deepEqual(snapshots, ['1', '3']);
  });

  it('rejects the whole batch when persisting fails, then recovers', async () => {
    let fail = true;
    const gc = new GroupCommit(
      () => 'x',
      async () => {
        if (fail) throw new Error('ENOSPC');
      },
    );
    await assert.rejects(Promise.all([gc.commit(), gc.commit()]), /ENOSPC/);
    fail = false;
    await gc.commit();
    await gc.idle();
    assert.equal(gc.stats.flushes, 1);
  });
});
