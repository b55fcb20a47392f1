/**
 * Issue 17's "What broke", one test per item, over real HTTP against a real
 * process. After each, later requests must be unaffected; at the end the
 * process must still exit 0 on SIGTERM. (Item 9, disk trouble, is in
 * disk-trouble.spec.ts, which needs real mounts.)
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import { call, readDurable, spawnApi } from './test-support.ts';

const croc = (name = 'Hostile') => ({ name, sex: 'F', date_of_birth: '2020-02-02', age: 3 });
type Api = Awaited<ReturnType<typeof spawnApi>>;

describe('a hostile client (issue 17)', () => {
  let dir: TempDir;
  let api: Api;
  let DB_FILE: string;
  before(async () => {
    dir = await makeTempDir('hostile-');
    DB_FILE = join(dir.path, 'db.json');
    api = await spawnApi({ DB_FILE });
  });
  after(async () => {
    await api?.proc.stop('SIGKILL');
    await dir.remove();
  });
  const post = (json: unknown, path = '/crocodiles') =>
    call(`${api.url}${path}`, { method: 'POST', json });
  const restart = async () => {
    api.proc.child.kill('SIGTERM');
    assert.equal(await api.proc.exited, 0, 'SIGTERM exits 0');
    api = await spawnApi({ DB_FILE });
  };

  // Later requests are unaffected: a write, a delete, a list, and readiness all work.
  afterEach(async () => {
    const created = await post(croc('after'));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(
      (await call(`${api.url}/crocodiles/${created.body.id}`, { method: 'DELETE' })).status,
      200,
    );
    assert.equal((await call(`${api.url}/crocodiles`)).status, 200);
    assert.equal((await call(`${api.url}/readyz`)).status, 200);
  });

  it('1. a 20,000-deep nested array in a body: 400, and writes keep working', async () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const body = JSON.stringify(croc()).replace(/}$/, `,"deep":${deep}}`);
    for (const [method, path] of [
      ['POST', '/crocodiles'],
      ['PATCH', '/crocodiles/1'],
    ] as const) {
      const res = await call(`${api.url}${path}`, {
        method,
        body,
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(res.status, 400, `${method} ${path}`);
      assert.match(res.body.message, /nests objects or arrays more than 16 levels deep/);
    }
  });

  it('2. prototype names as fields: 422 naming each', async () => {
    for (const field of ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      const body = JSON.stringify(croc()).replace(/}$/, `,"${field}":{"x":1}}`);
      const res = await call(`${api.url}/crocodiles`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(res.status, 422, field);
      assert.deepEqual(res.body.errors, [{ field, message: 'is not a crocodile field' }]);
    }
    // A PATCH with only a prototype name is no valid change either.
    const patch = await call(`${api.url}/crocodiles/1`, {
      method: 'PATCH',
      body: '{"__proto__":{"age":-1}}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(patch.status, 422);
  });

  it('3. path variants cannot skip validation', async () => {
    const before = JSON.stringify(await readDurable(DB_FILE));
    const cases: [string, string, unknown, number][] = [
      ['POST', '/crocodiles//', { age: -1 }, 404],
      ['PATCH', '/crocodiles//3', { age: -1 }, 404],
      ['PUT', '/crocodiles//4', { totally: 'different' }, 404],
      ['POST', '/x/1/crocodiles%2F', { age: -1 }, 404],
      ['POST', '/CROCODILES', { age: -1 }, 404],
      ['POST', '/crocodiles/2/crocodiles', croc(), 422],
      ['PATCH', '/crocodiles/3/', { age: -1 }, 422],
    ];
    for (const [method, path, json, status] of cases) {
      const res = await call(`${api.url}${path}`, { method, json });
      assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(res.body)}`);
    }
    assert.equal(JSON.stringify(await readDurable(DB_FILE)), before, 'nothing was stored');
  });

  it('4. a huge client id is refused, and automatic ids keep working across a restart', async () => {
    for (const raw of ['9007199254740993', '1e300', '4294967296', '-1', '1.5']) {
      const res = await call(`${api.url}/crocodiles`, {
        method: 'POST',
        body: JSON.stringify(croc()).replace(/}$/, `,"id":${raw}}`),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(res.status, 422, raw);
      assert.equal(res.body.errors[0].field, 'id');
    }
    const top = await post({ ...croc('top'), id: 4294967295 });
    assert.equal(top.status, 201, 'the largest client id is accepted');
    assert.equal((await post(croc())).body.id, 4294967296, 'automatic ids continue above it');
    await restart();
    const next = await post(croc());
    assert.equal(next.status, 201);
    assert.equal(next.body.id, 4294967297);
  });

  it('5. ids are never reused, after a delete or a restart', async () => {
    const a = (await post(croc('a'))).body.id as number;
    assert.equal((await call(`${api.url}/crocodiles/${a}`, { method: 'DELETE' })).status, 200);
    const b = (await post(croc('b'))).body.id as number;
    assert.ok(b > a, `${b} after deleting ${a}`);
    assert.equal((await call(`${api.url}/crocodiles/${b}`, { method: 'DELETE' })).status, 200);
    await restart();
    const c = (await post(croc('c'))).body.id as number;
    assert.ok(c > b, `${c} after deleting ${b} and a restart`);
  });

  it('6. twenty concurrent creates with one id: one 201, nineteen 409, no 5xx', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => post({ ...croc('race'), id: 777 })),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, ...Array(19).fill(409)]);
    assert.equal(
      (await call(`${api.url}/crocodiles?name=race`)).body.length,
      1,
      'one record with that id',
    );
  });

  it('7. _like cannot backtrack catastrophically; /livez answers meanwhile', async () => {
    // 2^60 steps for a backtracking engine: without the fix this never returns (test timeout).
    const name = `${'a'.repeat(60)}!`;
    assert.equal((await post(croc(name))).status, 201);
    const [like, live] = await Promise.all([
      call(`${api.url}/crocodiles?name_like=${encodeURIComponent('^(a+)+$')}`),
      call(`${api.url}/livez`),
    ]);
    assert.equal(like.status, 200);
    assert.deepEqual(like.body, []);
    assert.equal(live.status, 200);
    const backref = await call(`${api.url}/crocodiles?name_like=${encodeURIComponent('(a)\\1')}`);
    assert.equal(backref.status, 400);
    assert.match(backref.body.message, /name_like is not a valid regular expression \(RE2 syntax/);
    const long = await post(croc('x'.repeat(201)));
    assert.equal(long.status, 422, 'names have a length limit');
  });

  it('8. parameters that made json-server fail: 400 naming them, or a correct answer', async () => {
    const cases: [string, number, RegExp?][] = [
      ['/crocodiles?_sort=age&_sort=name', 400, /_sort may appear once/],
      ['/crocodiles?_order=desc&_order=asc&_sort=age', 400, /_order may appear once/],
      ['/crocodiles?_page=abc', 400, /_page must be a non-negative integer/],
      ['/crocodiles?_embed=nothing', 400, /_embed=nothing names no resource/],
      ['/crocodiles?_expand=crocodile', 200],
      ['/crocodiles/%ZZ', 400],
    ];
    for (const [path, status, message] of cases) {
      const res = await call(`${api.url}${path}`);
      assert.equal(res.status, status, `${path}: ${JSON.stringify(res.body)}`);
      if (message) assert.match(res.body.message, message);
    }
  });

  it('10. SIGTERM with 50 idle keep-alive sockets open: exit 0, nothing forced', async () => {
    const { port } = new URL(api.url);
    const sockets: Socket[] = [];
    // Half have finished a keep-alive request, half have sent nothing at all.
    for (let i = 0; i < 50; i++) {
      const s = connect(Number(port), '127.0.0.1');
      s.on('error', () => undefined);
      sockets.push(s);
      await new Promise((r) => s.once('connect', r));
      if (i % 2 === 0) {
        s.write(`GET /livez HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n`);
        await new Promise((r) => s.once('data', r));
      }
    }
    const closed = sockets.map((s) => new Promise((r) => s.once('close', r)));
    api.proc.child.kill('SIGTERM');
    assert.equal(await api.proc.exited, 0);
    await Promise.all(closed);
    assert.match(api.proc.output(), /"forced":false/);
    assert.doesNotMatch(api.proc.output(), /drain timed out/);
    api = await spawnApi({ DB_FILE });
  });
});
