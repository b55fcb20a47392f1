/**
 * Compaction rotates the journal and writes the snapshot in the background:
 * writes are acknowledged meanwhile, and a crash at any moment (a copy of the
 * directory taken mid-way) still holds every acknowledged write.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import { openDatabase } from './database.ts';

const seed = { crocodiles: [{ id: 1, name: 'Bert' }] };
const ids = (state: Record<string, unknown>) =>
  (state.crocodiles as { id: number }[]).map((c) => c.id).sort((a, b) => a - b);

/**
 * What a crash would leave: the files as they are this instant (temp files are
 * partial). A file renamed between the listing and its copy makes the image
 * unfaithful, so it is taken again.
 */
function crashImage(from: string, to: string): void {
  for (let attempt = 1; ; attempt++) {
    rmSync(to, { recursive: true, force: true });
    mkdirSync(to);
    try {
      for (const f of readdirSync(from)) copyFileSync(join(from, f), join(to, f));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 20) throw err;
    }
  }
}

describe('compaction', () => {
  let dir: TempDir;
  before(async () => (dir = await makeTempDir()));
  after(() => dir.remove());

  it('replays a journal left by an unfinished compaction before the current one, then removes it', async () => {
    const file = join(dir.path, 'left.json');
    await writeFile(file, JSON.stringify(seed));
    await writeFile(`${file}.journal.3`, '{"r":"crocodiles","set":{"id":2,"name":"Old"}}\n');
    await writeFile(
      `${file}.journal`,
      '{"r":"crocodiles","set":{"id":2,"name":"New"}}\n{"r":"crocodiles","set":{"id":3,"name":"C"}}\n',
    );
    const db = await openDatabase({ file, seed });
    assert.deepEqual(
      (db.state.crocodiles as { name: string }[]).map((c) => c.name),
      ['Bert', 'New', 'C'],
      'the older journal first, so the later change wins',
    );
    assert.deepEqual(
      (await readdir(dir.path)).filter((f) => f.startsWith('left.json.journal.')),
      [],
    );
    assert.equal(JSON.parse(await readFile(file, 'utf8')).crocodiles.length, 3);
    await db.close();
  });

  it('acknowledges writes while a large snapshot is being written', async () => {
    const file = join(dir.path, 'large.json');
    const big = {
      crocodiles: Array.from({ length: 100_000 }, (_, i) => ({ id: i + 1, name: `c${i}` })),
    };
    const db = await openDatabase({ file, seed: big });
    const order: string[] = [];
    const compaction = db.compact().then(() => order.push('snapshot'));
    await new Promise((r) => setImmediate(r)); // the rotation is under way
    await db.write({ r: 'crocodiles', set: { id: 100_001, name: 'during' } });
    order.push('write');
    await compaction;
    assert.deepEqual(order, ['write', 'snapshot']);
    await db.close();
    const reopened = await openDatabase({ file, seed });
    assert.equal(reopened.collections.get('crocodiles')!.size, 100_001);
    await reopened.close();
  });

  it('keeps every acknowledged write in a crash image taken at any moment of many compactions', async () => {
    const home = join(dir.path, 'busy');
    mkdirSync(home);
    const file = join(home, 'db.json');
    const db = await openDatabase({ file, seed, compactBytes: 2_000 });
    const images: { path: string; acked: number[] }[] = [];
    const acked: number[] = [];
    let next = 2;
    for (let round = 0; round < 12; round++) {
      const batch = Array.from({ length: 25 }, () => next++);
      const writes = batch.map((id) =>
        db.write({ r: 'crocodiles', set: { id, name: 'x'.repeat(40) } }).then(() => acked.push(id)),
      );
      // One image mid-batch (some writes in flight, maybe a snapshot too), one after.
      await new Promise((r) => setImmediate(r));
      images.push({ path: join(dir.path, `image-${round}-a`), acked: [...acked] });
      crashImage(home, images.at(-1)!.path);
      await Promise.all(writes);
      images.push({ path: join(dir.path, `image-${round}-b`), acked: [...acked] });
      crashImage(home, images.at(-1)!.path);
    }
    await db.close();
    const midCompaction = images.filter((i) =>
      readdirSync(i.path).some((f) => /^db\.json\.journal\.\d+$/.test(f)),
    );
    assert.ok(midCompaction.length > 0, 'some images catch a compaction under way');
    for (const image of images) {
      const restarted = await openDatabase({ file: join(image.path, 'db.json'), seed });
      const present = new Set(ids(restarted.state));
      const lost = image.acked.filter((id) => !present.has(id));
      assert.deepEqual(lost, [], `${image.path}: acknowledged writes lost`);
      await restarted.close();
    }
    const final = await openDatabase({ file, seed });
    assert.equal(final.collections.get('crocodiles')!.size, next - 1);
    await final.close();
  });
});
