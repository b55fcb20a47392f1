import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import { DatabaseError, openDatabase } from './database.ts';

const seed = { crocodiles: [{ id: 1, name: 'Bert' }] };

describe('openDatabase', () => {
  let dir: TempDir;
  before(async () => (dir = await makeTempDir()));
  after(() => dir.remove());

  it('creates the file from the seed when it is missing', async () => {
    const file = join(dir.path, 'new.json');
    const db = await openDatabase({ file, seed });
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), seed);
    assert.notEqual(db.state, seed, 'the seed itself is never mutated');
  });

  it('persists changes atomically and leaves no temp files', async () => {
    const file = join(dir.path, 'atomic.json');
    const db = await openDatabase({ file, seed });
    (db.state.crocodiles as unknown[]).push({ id: 2, name: 'Ed' });
    await db.commits.commit();
    assert.equal(JSON.parse(await readFile(file, 'utf8')).crocodiles.length, 2);
    assert.deepEqual(
      (await readdir(dir.path)).filter((f) => f.includes('.tmp')),
      [],
    );
  });

  it('refuses a file that is not valid JSON, and leaves it untouched', async () => {
    const file = join(dir.path, 'corrupt.json');
    await writeFile(file, '{"crocodiles": [');
    await assert.rejects(openDatabase({ file, seed }), (err: Error) => {
      assert.ok(err instanceof DatabaseError);
      assert.match(err.message, /DB_FILE .*corrupt\.json is not valid JSON.*left untouched/);
      return true;
    });
    assert.equal(await readFile(file, 'utf8'), '{"crocodiles": [');
  });

  it('refuses JSON that is not an object of resources', async () => {
    const file = join(dir.path, 'array.json');
    await writeFile(file, '[1, 2]');
    await assert.rejects(openDatabase({ file, seed }), /must hold a JSON object of resources/);
    await writeFile(file, '{"crocodiles": 3}');
    await assert.rejects(
      openDatabase({ file, seed }),
      /resource "crocodiles" must be an array or an object/,
    );
  });

  it('names DB_FILE when its directory does not exist', async () => {
    await assert.rejects(
      openDatabase({ file: join(dir.path, 'missing', 'db.json'), seed }),
      /DB_FILE directory .*missing does not exist/,
    );
  });
});
