/**
 * Issue 27 items 6, 9, 10 and point 4: limits hold across many requests, not
 * only within one body: record count under concurrent creates, keys and bytes
 * of a record grown by repeated PATCHes, and client ids that would use up the
 * automatic ones. Real process, real HTTP; each case ends with the epilogue.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, after, before, describe, it } from 'node:test';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import { writeFile } from 'node:fs/promises';
import { assertStillServesThenStops, call, seed, spawnApi } from './test-support.ts';

const croc = (i: number) => ({
  name: `Croc ${i}`,
  sex: 'M',
  date_of_birth: '2012-12-12',
  age: 3,
});

describe('limits under concurrency (issue 27 items 6, 9, 10; point 4)', () => {
  let dir: TempDir;
  let api: Awaited<ReturnType<typeof spawnApi>> | undefined;
  before(async () => (dir = await makeTempDir('limits-')));
  afterEach(async () => {
    await api?.proc.stop('SIGKILL');
    api = undefined;
  });
  after(() => dir.remove());
  let n = 0;
  const start = async (env: Record<string, string> = {}) => {
    const DB_FILE = join(dir.path, `db-${++n}.json`);
    await writeFile(DB_FILE, JSON.stringify({ crocodiles: seed.crocodiles, notes: [{ id: 1 }] }));
    api = await spawnApi({ DB_FILE, ...env });
    return { DB_FILE, url: api.url };
  };

  it('MAX_RECORDS=10 holds under 100 concurrent creates, and after a restart', async () => {
    const { DB_FILE, url } = await start({ MAX_RECORDS: '10' });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        call(`${url}/crocodiles`, { method: 'POST', json: croc(i) }),
      ),
    );
    const created = results.filter((r) => r.status === 201).length;
    assert.ok(
      results.every((r) => r.status === 201 || r.status === 507),
      results.map((r) => r.status).join(','),
    );
    assert.equal(created, 2, '8 seeded + 2 = 10');
    assert.equal((await call(`${url}/crocodiles`)).body.length, 10);
    await api!.proc.stop('SIGKILL');
    api = await spawnApi({ DB_FILE, MAX_RECORDS: '10' });
    assert.equal((await call(`${api.url}/crocodiles`)).body.length, 10);
    assert.equal(
      (await call(`${api.url}/crocodiles`, { method: 'POST', json: croc(1) })).status,
      507,
    );
    // The epilogue's POST needs room.
    assert.equal((await call(`${api.url}/crocodiles/1`, { method: 'DELETE' })).status, 200);
    await assertStillServesThenStops(api);
  });

  it('keys per record hold across repeated and concurrent PATCHes (item 10)', async () => {
    const { url } = await start();
    const statuses = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        call(`${url}/notes/1`, { method: 'PATCH', json: { [`k${i}`]: i } }).then((r) => r.status),
      ),
    );
    const note = (await call(`${url}/notes/1`)).body as Record<string, unknown>;
    assert.equal(Object.keys(note).length, 100, 'exactly at the limit, never past it');
    assert.equal(statuses.filter((s) => s === 200).length, 99);
    assert.ok(statuses.every((s) => s === 200 || s === 422));
    const refused = await call(`${url}/notes/1`, { method: 'PATCH', json: { one: 'more' } });
    assert.equal(refused.status, 422);
    assert.match(refused.body.errors[0].message, /would have 101 fields; at most 100/);
    await assertStillServesThenStops(api!);
  });

  it('bytes per record hold across repeated PATCHes: at most BODY_LIMIT as JSON (item 10)', async () => {
    const { url } = await start({ BODY_LIMIT: '20kb' });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await call(`${url}/notes/1`, {
        method: 'PATCH',
        json: { [`text${i}`]: 'x'.repeat(5000) },
      });
      statuses.push(r.status);
      if (r.status === 422) assert.match(r.body.errors[0].message, /at most 20480 \(BODY_LIMIT\)/);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 422, 422, 422, 422, 422, 422]);
    const size = Buffer.byteLength(JSON.stringify((await call(`${url}/notes/1`)).body));
    assert.ok(size <= 20 * 1024, `${size} bytes`);
    await assertStillServesThenStops(api!);
  });

  it('client ids as digit strings obey the numeric range; automatic ids keep working (item 6)', async () => {
    const { DB_FILE, url } = await start();
    for (const id of ['9007199254740991', '4294967296', 4294967296]) {
      const r = await call(`${url}/crocodiles`, { method: 'POST', json: { ...croc(1), id } });
      assert.equal(r.status, 422, `id ${JSON.stringify(id)}: ${JSON.stringify(r.body)}`);
      assert.match(r.body.errors[0].message, /integer from 1 to 4294967295/);
    }
    const max = await call(`${url}/crocodiles`, {
      method: 'POST',
      json: { ...croc(1), id: '4294967295' },
    });
    assert.equal(max.status, 201);
    const auto = await call(`${url}/crocodiles`, { method: 'POST', json: croc(2) });
    assert.equal(auto.status, 201);
    assert.equal(auto.body.id, 4294967296, 'automatic ids continue above the highest');
    await api!.proc.stop('SIGKILL');
    api = await spawnApi({ DB_FILE });
    const again = await call(`${api.url}/crocodiles`, { method: 'POST', json: croc(3) });
    assert.equal(again.body.id, 4294967297);
    await assertStillServesThenStops(api);
  });
});
