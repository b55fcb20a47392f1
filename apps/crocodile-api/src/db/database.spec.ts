import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import { DatabaseError, META_KEY, openDatabase } from './database.ts';

const seed = { crocodiles: [{ id: 1, name: 'Bert' }] };

describe('openDatabase (SQLite store)', () => {
  let dir: TempDir;
  before(async () => (dir = await makeTempDir()));
  after(() => dir.remove());

  it('imports the built-in seed when there is no db.json, and never mutates it', async () => {
    const file = join(dir.path, 'new.json');
    const db = await openDatabase({ file, seed });
    assert.deepEqual(db.durableState(), { ...seed, [META_KEY]: { lastIds: {} } });
    assert.notEqual(db.state.crocodiles, seed.crocodiles);
    await db.close();
  });

  it('stores each change before applying it, keeps the order, and reopens with it', async () => {
    const file = join(dir.path, 'order.json');
    await writeFile(file, JSON.stringify({ crocodiles: [{ id: 1 }, { id: 2 }, { id: 3 }] }));
    const db = await openDatabase({ file, seed });
    const c = db.collections.get('crocodiles')!;
    c.lastId = 4;
    await db.write({ r: 'crocodiles', set: { id: 4, name: 'Four' } });
    await db.write({ r: 'crocodiles', set: { id: 2, name: 'Two again' } }); // keeps its place
    await db.write({ r: 'crocodiles', del: '1' });
    assert.deepEqual(db.durableState().crocodiles, db.state.crocodiles);
    await db.close();
    const again = await openDatabase({ file, seed });
    assert.deepEqual(
      (again.state.crocodiles as { id: number }[]).map((r) => r.id),
      [2, 3, 4],
    );
    assert.equal(again.collections.get('crocodiles')!.lastId, 4, 'ids are never reused');
    await again.close();
    assert.equal(
      await readFile(file, 'utf8'),
      JSON.stringify({ crocodiles: [{ id: 1 }, { id: 2 }, { id: 3 }] }),
      'db.json, the seed, is never rewritten',
    );
  });

  it('keeps a $schema key but does not serve it as a resource', async () => {
    const file = join(dir.path, 'schema.json');
    await writeFile(file, JSON.stringify({ $schema: './schema.json', ...seed }));
    const db = await openDatabase({ file, seed });
    assert.deepEqual(Object.keys(db.state), ['crocodiles']);
    await db.close();
  });

  it('refuses a second writer on the same DB_FILE, naming the first, until it closes', async () => {
    const file = join(dir.path, 'locked.json');
    const first = await openDatabase({ file, seed });
    await assert.rejects(
      openDatabase({ file, seed }),
      new RegExp(
        `is in use by another crocodile-api \\(pid ${process.pid} on .*locked\\.json\\.sqlite\\.lock`,
      ),
    );
    await first.close();
    const second = await openDatabase({ file, seed });
    await second.close();
  });

  const refuses = async (name: string, text: string, pattern: RegExp) => {
    const file = join(dir.path, name);
    await writeFile(file, text);
    await assert.rejects(openDatabase({ file, seed }), (err: Error) => {
      assert.ok(err instanceof DatabaseError, String(err));
      assert.match(err.message, pattern);
      return true;
    });
    assert.equal(await readFile(file, 'utf8'), text, 'db.json is left untouched');
    // Nothing was half-imported: once fixed, it imports.
    await writeFile(file, JSON.stringify(seed));
    const db = await openDatabase({ file, seed });
    assert.deepEqual(db.state, seed);
    await db.close();
  };

  it('refuses a db.json that is not valid JSON, naming the byte', () =>
    refuses(
      'corrupt.json',
      '{"crocodiles": [',
      /corrupt\.json is not valid JSON at byte \d+.*left untouched/,
    ));

  it('refuses JSON that is not an object of resources', async () => {
    await refuses('array.json', '[1, 2]', /must hold an object/);
    await refuses(
      'number.json',
      '{"crocodiles": 3}',
      /resource "crocodiles" must be an array or an object/,
    );
  });

  it('refuses a null record (issue 27 item 15) with the record named', () =>
    refuses('null.json', '{"crocodiles": [{"id": 1}, null]}', /record 1 of "crocodiles" is null/));

  it('refuses duplicate ids (issue 27 item 14), which the API could never delete', () =>
    refuses(
      'dup.json',
      '{"crocodiles": [{"id": 1}, {"id": "1"}]}',
      /record 1 of "crocodiles" has the id "1", which an earlier record has too/,
    ));

  it('refuses a corrupt lastIds (issue 27 item 14) instead of handing out id null', () =>
    refuses(
      'lastids.json',
      JSON.stringify({ ...seed, [META_KEY]: { lastIds: { crocodiles: 'x' } } }),
      /lastIds has "x" for "crocodiles".*fix it or remove/,
    ));

  it('refuses the journal of the previous store rather than dropping its changes', async () => {
    const file = join(dir.path, 'old.json');
    await writeFile(file, JSON.stringify(seed));
    await writeFile(`${file}.journal`, '{"r":"crocodiles","del":"1"}\n');
    await assert.rejects(
      openDatabase({ file, seed }),
      /old\.json\.journal holds changes of the previous crocodile-api store/,
    );
  });

  it('refuses a store that is not SQLite, naming the fix', async () => {
    const file = join(dir.path, 'garbage.json');
    await writeFile(`${file}.sqlite`, 'x'.repeat(5000));
    await assert.rejects(
      openDatabase({ file, seed }),
      /garbage\.json\.sqlite is not an SQLite database.*restore it from a backup/,
    );
  });

  it('names DB_FILE when its directory does not exist', async () => {
    await assert.rejects(
      openDatabase({ file: join(dir.path, 'missing', 'db.json'), seed }),
      /DB_FILE directory .*missing does not exist/,
    );
  });
});
