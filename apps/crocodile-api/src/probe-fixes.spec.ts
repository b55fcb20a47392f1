/**
 * Issue 27, the remaining probe findings, each over real HTTP against a real
 * process and each followed by the epilogue (good POST, DELETE, list, /readyz,
 * exit 0 on SIGTERM): JSONP at /db (11), the Host header in Link (12), a
 * shutdown that could not fold the WAL (13), hand-edited db.json (14, 15),
 * years 0000-0099 (16), metrics labels of case variants (17), json-server
 * parity (18), and names made of control characters (3).
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, afterEach, before, describe, it } from 'node:test';
import { startProcess } from '@loadlab/process-supervisor';
import { findSamples, makeTempDir, parsePrometheusText, type TempDir } from '@loadlab/testkit';
import { assertStillServesThenStops, call, MAIN, seed, spawnApi } from './test-support.ts';

const croc = { name: 'Probe', sex: 'F', date_of_birth: '2015-03-04', age: 9 };

/** A GET written by hand on a socket: exactly these header lines, HTTP/1.0 when there is no Host. */
function rawGet(url: string, path: string, host: string | undefined) {
  const { port } = new URL(url);
  return new Promise<{ status: number; link: string }>((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const head = text.slice(0, text.indexOf('\r\n\r\n'));
      const status = Number(/^HTTP\/1\.\d (\d{3})/.exec(head)?.[1]);
      const link = /\r\nlink: ([^\r]*)/i.exec(head)?.[1] ?? '';
      resolve({ status, link });
    });
    const version = host === undefined ? 'HTTP/1.0' : 'HTTP/1.1';
    const hostLine = host === undefined ? '' : `Host: ${host}\r\n`;
    // write, not end: a half-closed socket gets no answer.
    socket.write(`GET ${path} ${version}\r\n${hostLine}Connection: close\r\n\r\n`);
  });
}

describe('probe findings (issue 27 items 3, 11-18)', () => {
  let dir: TempDir;
  let api: Awaited<ReturnType<typeof spawnApi>> | undefined;
  before(async () => (dir = await makeTempDir('probe-fixes-')));
  afterEach(async () => {
    await api?.proc.stop('SIGKILL');
    api = undefined;
  });
  after(() => dir.remove());
  let n = 0;
  const start = async (state: unknown = { crocodiles: seed.crocodiles, keepers: [] }) => {
    const DB_FILE = join(dir.path, `db-${++n}.json`);
    await writeFile(DB_FILE, JSON.stringify(state));
    api = await spawnApi({ DB_FILE });
    return { DB_FILE, url: api.url };
  };

  it('11: GET /db?callback=x answers JSON, never script', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/db?callback=x`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^application\/json/);
    const text = await res.text();
    assert.ok(text.startsWith('{"crocodiles":['), text.slice(0, 40));
    assert.equal(JSON.parse(text).crocodiles.length, 8);
    const list = await fetch(`${url}/crocodiles?callback=x`);
    assert.match(list.headers.get('content-type')!, /^application\/json/);
    await assertStillServesThenStops(api!);
  });

  it('12: Link is relative whatever the Host header says, or with none', async () => {
    const { url } = await start();
    const path = '/crocodiles?_page=2&_limit=2';
    for (const host of ['a/>; rel="preload", <https://evil.example/', 'page=2', undefined]) {
      const res = await rawGet(url, path, host);
      assert.equal(res.status, 200);
      const link = res.link;
      assert.ok(!link.includes('evil') && !link.includes('http'), `Host ${host}: ${link}`);
      assert.match(
        link,
        /^<\/crocodiles\?_page=1&_limit=2>; rel="first", <\/crocodiles\?_page=1&_limit=2>; rel="prev"/,
      );
    }
    await assertStillServesThenStops(api!);
  });

  it('13: a shutdown that cannot fold the WAL (a reader holds it) logs a warning; no write is lost', async () => {
    const { DB_FILE, url } = await start();
    const created = await call(`${url}/crocodiles`, { method: 'POST', json: croc });
    assert.equal(created.status, 201);
    const reader = new DatabaseSync(`${DB_FILE}.sqlite`, { readOnly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM records').get(); // holds a snapshot: the WAL cannot be truncated
    const code = await api!.proc.stop('SIGTERM');
    const output = api!.proc.output();
    reader.exec('COMMIT');
    reader.close();
    assert.equal(code, 0, 'no data is at risk: it is in the WAL');
    assert.match(output, /"level":40.*readers kept the WAL.*the database closed with a warning/);
    api = await spawnApi({ DB_FILE });
    assert.equal((await call(`${api.url}/crocodiles/${created.body.id}`)).status, 200);
    await assertStillServesThenStops(api);
  });

  for (const [item, what, text, message] of [
    [
      '14',
      'duplicate ids',
      '{"crocodiles":[{"id":1,"name":"a"},{"id":"1","name":"b"}]}',
      /record 1 of "crocodiles" has the id "1", which an earlier record has too .*; give each record its own id/,
    ],
    [
      '14',
      'a corrupt lastIds',
      '{"crocodiles":[],"$crocodile-api":{"lastIds":{"crocodiles":null}}}',
      /lastIds has null for "crocodiles".*fix it or remove/,
    ],
    [
      '15',
      'a null record',
      '{"crocodiles":[null]}',
      /record 0 of "crocodiles" is null; every record must be a JSON object/,
    ],
    // A review of the SQLite store: the seed gets the bounds a write has.
    [
      'review',
      'an id that would use up every automatic id',
      '{"crocodiles":[{"id":"9007199254740991","name":"a"}]}',
      /record 0 of "crocodiles" breaks a limit that writes have too: "id" must be an integer from 1 to 4294967295.*; fix or remove it/,
    ],
    [
      'review',
      'an id past every automatic id but the last 10,000,000',
      `{"crocodiles":[{"id":${Number.MAX_SAFE_INTEGER - 9_999_999},"name":"a"}]}`,
      /record 0 of "crocodiles" breaks a limit that writes have too: "id" must be an integer/,
    ],
    [
      'review',
      'an id of 1e400 (Infinity)',
      '{"notes":[{"id":1e400}]}',
      /record 0 of "notes" breaks a limit that writes have too: "id" must be/,
    ],
    [
      'review',
      'a record nested 3,000 levels deep',
      `{"notes":[{"id":1,"d":${'['.repeat(3000)}${']'.repeat(3000)}}]}`,
      /record 0 of "notes" breaks a limit that writes have too: it nests objects or arrays more than 16 levels deep/,
    ],
    [
      'review',
      'a reserved field name',
      '{"notes":[{"id":1,"__proto__":{"x":1}}]}',
      /record 0 of "notes" breaks a limit that writes have too: "__proto__" is a reserved name/,
    ],
    [
      'review',
      'bytes that are not UTF-8',
      Buffer.from('{"notes":[{"id":1,"t":"caf\xe9"}]}', 'latin1'),
      /not valid JSON at byte \d+: the text before this byte is not valid UTF-8/,
    ],
  ] as const) {
    it(`${item}: db.json with ${what}: exit 78 naming it and the fix; once fixed, it starts`, async () => {
      const DB_FILE = join(dir.path, `hand-${++n}.json`);
      await writeFile(DB_FILE, text);
      const p = startProcess(process.execPath, [MAIN], {
        env: { ...process.env, DB_FILE, PORT: '0' },
      });
      assert.equal(await p.exited, 78);
      assert.match(p.output(), message);
      await writeFile(DB_FILE, JSON.stringify({ crocodiles: seed.crocodiles }));
      api = await spawnApi({ DB_FILE });
      await assertStillServesThenStops(api);
    });
  }

  it('review: an export whose automatic ids passed 2^32-1 seeds a new store as it was', async () => {
    const DB_FILE = join(dir.path, `export-${++n}.json`);
    api = await spawnApi({ DB_FILE });
    const croc = { name: 'Edge', sex: 'F', date_of_birth: '2001-02-03', age: 5 };
    const chosen = await call(`${api.url}/crocodiles`, {
      method: 'POST',
      json: { ...croc, id: 2 ** 32 - 1 },
    });
    assert.equal(chosen.status, 201);
    const automatic = await call(`${api.url}/crocodiles`, { method: 'POST', json: croc });
    assert.equal(automatic.body.id, 2 ** 32);
    const exported = await (await fetch(`${api.url}/db`)).text();
    assert.equal(await api.proc.stop('SIGTERM'), 0);
    const SEEDED = join(dir.path, `export-${++n}.json`);
    await writeFile(SEEDED, exported);
    api = await spawnApi({ DB_FILE: SEEDED });
    assert.equal((await call(`${api.url}/crocodiles/${2 ** 32}`)).status, 200);
    await assertStillServesThenStops(api);
  });

  for (const [what, damage, message] of [
    [
      'a lock file that is not one',
      (f: string) => writeFile(`${f}.sqlite.lock`, 'garbage'),
      /db\.json\.sqlite\.lock is not a lock file crocodile-api made; it holds no data: remove it and start again/,
    ],
    [
      'a lock file that is a directory',
      (f: string) => mkdir(`${f}.sqlite.lock`),
      /db\.json\.sqlite\.lock is a directory; it holds no data: remove it and start again/,
    ],
    [
      'a DB_FILE that is a directory',
      (f: string) => mkdir(f),
      /DB_FILE .*db\.json is a directory; point DB_FILE at a file/,
    ],
  ] as const) {
    it(`review: ${what}: exit 78 naming the fix; once fixed, it starts`, async () => {
      const DB_FILE = join(dir.path, `damaged-${++n}`, 'db.json');
      await mkdir(dirname(DB_FILE));
      await damage(DB_FILE);
      const p = startProcess(process.execPath, [MAIN], {
        env: { ...process.env, DB_FILE, PORT: '0' },
      });
      assert.equal(await p.exited, 78);
      assert.match(p.output(), message);
      await rm(what.includes('DB_FILE') ? DB_FILE : `${DB_FILE}.sqlite.lock`, { recursive: true });
      api = await spawnApi({ DB_FILE });
      await assertStillServesThenStops(api);
    });
  }

  it('16: ISO dates with years 0000-0099 are valid; 3: names of control characters are not', async () => {
    const { url } = await start();
    for (const date of ['0000-01-01', '0042-02-28', '0099-12-31']) {
      const r = await call(`${url}/crocodiles`, {
        method: 'POST',
        json: { ...croc, date_of_birth: date },
      });
      assert.equal(r.status, 201, `${date}: ${JSON.stringify(r.body)}`);
      assert.equal((await call(`${url}/crocodiles/${r.body.id}`)).body.date_of_birth, date);
    }
    const bad = await call(`${url}/crocodiles`, {
      method: 'POST',
      json: { ...croc, date_of_birth: '0042-02-30' },
    });
    assert.equal(bad.status, 422);
    for (const name of ['\u0001'.repeat(200), 'a\u0000b', 'x\u009f']) {
      const r = await call(`${url}/crocodiles`, { method: 'POST', json: { ...croc, name } });
      assert.equal(r.status, 422);
      assert.match(r.body.errors[0].message, /must not contain control characters/);
    }
    await assertStillServesThenStops(api!);
  });

  it('17: /metrics labels case variants by the resource, never as / or /:id', async () => {
    const { url } = await start();
    for (const path of [
      '/CROCODILES',
      '/Crocodiles/1',
      '/CROCODILES/1/KEEPERS',
      '/crocodiles/1/2/3',
      '/DB',
    ]) {
      await fetch(`${url}${path}`).then((r) => r.arrayBuffer());
    }
    const routes = new Set(
      findSamples(
        parsePrometheusText(await (await fetch(`${url}/metrics`)).text()),
        'node_http_requests_total',
      ).map((s) => s.labels.route),
    );
    assert.ok(!routes.has('/') && !routes.has('/:id'), [...routes].join(' '));
    for (const r of [
      '/crocodiles',
      '/crocodiles/:id',
      '/crocodiles/:id/keepers',
      '/db',
      '<unmatched>',
    ])
      assert.ok(routes.has(r), `${r} in ${[...routes].join(' ')}`);
    await assertStillServesThenStops(api!);
  });

  it('18: json-server parity: Expose-Headers Location on POST, Pragma and Expires on GET', async () => {
    const { url } = await start();
    const post = await call(`${url}/crocodiles`, { method: 'POST', json: croc });
    assert.equal(post.status, 201);
    assert.match(post.headers.get('access-control-expose-headers')!, /Location/);
    assert.equal(post.headers.get('location'), `/crocodiles/${post.body.id}`);
    const get = await call(`${url}/crocodiles/1`);
    assert.equal(get.headers.get('cache-control'), 'no-cache');
    assert.equal(get.headers.get('pragma'), 'no-cache');
    assert.equal(get.headers.get('expires'), '-1');
    // The documented divergences stay as documented (README "Different on purpose").
    assert.equal((await call(`${url}/nothing-here`)).status, 404);
    const form = await call(`${url}/crocodiles`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=x',
    });
    assert.equal(form.status, 415);
    await assertStillServesThenStops(api!);
  });
});
