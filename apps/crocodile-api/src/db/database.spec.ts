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
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), {
      ...seed,
      '$crocodile-api': { lastIds: { crocodiles: 1 } },
    });
    assert.notEqual(db.state, seed, 'the seed itself is never mutated');
  });

  it('journals each change, folds the journal into the file on close, and leaves no temp files', async () => {
    const file = join(dir.path, 'atomic.json');
    const db = await openDatabase({ file, seed });
    await db.write({ r: 'crocodiles', set: { id: 2, name: 'Ed' } });
    assert.equal((db.state.crocodiles as unknown[]).length, 2);
    assert.match(await readFile(`${file}.journal`, 'utf8'), /"name":"Ed"/);
    await db.close();
    assert.equal(JSON.parse(await readFile(file, 'utf8')).crocodiles.length, 2);
    assert.equal(await readFile(`${file}.journal`, 'utf8'), '');
    assert.deepEqual(
      (await readdir(dir.path)).filter((f) => f.includes('.tmp')),
      [],
    );
  });

  it('replays the journal after a crash, ignoring a torn last line, and never reuses an id', async () => {
    const file = join(dir.path, 'crashed.json');
    await writeFile(file, JSON.stringify(seed));
    await writeFile(
      `${file}.journal`,
      '{"r":"crocodiles","set":{"id":5,"name":"Five"}}\n{"r":"crocodiles","del":"5"}\n{"r":"crocodiles","set":{"id":6,"na',
    );
    await writeFile(join(dir.path, `.crashed.json.${process.pid + 1}.tmp`), 'half a snapshot');
    const db = await openDatabase({ file, seed });
    assert.deepEqual(
      db.state.crocodiles,
      seed.crocodiles,
      '5 was created then deleted; 6 was torn',
    );
    assert.equal(db.collections.get('crocodiles')!.lastId, 5, 'id 5 is never handed out again');
    assert.deepEqual(
      (await readdir(dir.path)).filter((f) => f.includes('.tmp')),
      [],
      'the crashed process temp file is removed at startup',
    );
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    assert.deepEqual(onDisk['$crocodile-api'], { lastIds: { crocodiles: 5 } });
    await db.close();
  });

  it('keeps a $schema key but does not serve it as a resource', async () => {
    const file = join(dir.path, 'schema.json');
    await writeFile(file, JSON.stringify({ $schema: './schema.json', ...seed }));
    const db = await openDatabase({ file, seed });
    assert.deepEqual(Object.keys(db.state), ['crocodiles']);
    await db.write({ r: 'crocodiles', set: { id: 3, name: 'Cy' } });
    await db.close();
    assert.equal(JSON.parse(await readFile(file, 'utf8')).$schema, './schema.json');
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
