import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupCommit } from './group-commit.ts';

/** A persist() the test resolves or rejects by hand, so no test depends on timing. */
function manualDisk() {
  const calls: { text: string; done: () => void; fail: (e: Error) => void }[] = [];
  const persist = (items: readonly string[]) =>
    new Promise<void>((done, fail) => {
      calls.push({ text: items.join(''), done, fail });
    });
  return { calls, persist };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('applies and acknowledges each change only after its batch was persisted', async () => {
    const disk = manualDisk();
    const applied: number[] = [];
    const gc = new GroupCommit<string>({ persist: disk.persist });
    const acks = Array.from({ length: 50 }, (_, i) =>
      gc
        .commit(`${i}\n`, () => applied.push(i))
        .then(() => {
          assert.ok(applied.includes(i), `change ${i} applied before its ack`);
        }),
    );
    await tick();
    assert.equal(disk.calls.length, 1, '50 concurrent changes share one persist');
    assert.deepEqual(applied, [], 'nothing is applied before the disk answered');
    disk.calls[0]!.done();
    await Promise.all(acks);
    assert.equal(disk.calls[0]!.text.split('\n').length, 51);
    assert.deepEqual(gc.stats, { flushes: 1, commits: 50 });
  });

  it('gathers changes made during a flush into the next one', async () => {
    const disk = manualDisk();
    const gc = new GroupCommit<string>({ persist: disk.persist });
    const first = gc.commit('1\n', () => undefined);
    await tick();
    const second = gc.commit('2\n', () => undefined);
    const third = gc.commit('3\n', () => undefined);
    disk.calls[0]!.done();
    await first;
    await tick();
    disk.calls[1]!.done();
    await Promise.all([second, third]);
    assert.deepEqual(
      disk.calls.map((c) => c.text),
      ['1\n', '2\n3\n'],
    );
  });

  it('rejects the whole batch when persisting fails, applying none of it, then recovers', async () => {
    const disk = manualDisk();
    const outcomes: unknown[] = [];
    const gc = new GroupCommit<string>({
      persist: disk.persist,
      onOutcome: (e) => outcomes.push(e),
    });
    const applied: string[] = [];
    const batch = Promise.allSettled([
      gc.commit('a\n', () => applied.push('a')),
      gc.commit('b\n', () => applied.push('b')),
    ]);
    await tick();
    disk.calls[0]!.fail(new Error('ENOSPC'));
    const settled = await batch;
    assert.deepEqual(
      settled.map((s) => s.status),
      ['rejected', 'rejected'],
    );
    assert.equal(applied.length, 0, 'nothing applied');
    const later = gc.commit('c\n', () => applied.push('c'));
    await tick();
    disk.calls[1]!.done();
    await later;
    await gc.idle();
    assert.deepEqual(applied, ['c']);
    assert.equal(gc.stats.flushes, 1);
    assert.equal(outcomes.length, 2);
    assert.ok(outcomes[0] instanceof Error);
    assert.equal(outcomes[1], undefined);
  });

  it('settles even when the disk fails at once (the wedge of issue 17)', async () => {
    const gc = new GroupCommit({ persist: () => Promise.reject(new Error('sync failure')) });
    await assert.rejects(
      gc.commit('x\n', () => undefined),
      /sync failure/,
    );
    await gc.idle(); // returns: nothing is left running
    const gc2 = new GroupCommit({
      persist: () => {
        throw new Error('thrown synchronously');
      },
    });
    await assert.rejects(
      gc2.commit('x\n', () => undefined),
      /thrown synchronously/,
    );
    await gc2.idle();
  });
});
