/**
 * Issue 27 items 3 and 4: data larger than any single string. A db.json of
 * more than 2^29 characters (V8's longest string is 2^29-24) imports, is served
 * (GET by id, pages, the full list, GET /db) and restarts; large nested records
 * written through the API restart too (there is no compaction to fail).
 */
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { after, before, describe, it } from 'node:test';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import { assertStillServesThenStops, call, seed, spawnApi } from './test-support.ts';

const V8_MAX_STRING = 2 ** 29 - 24;
/** One post: 10,000 × U+0001, 60,000 bytes as JSON (each is written \u0001), as in the probe. */
const BODY_CHARS = 10_000;
const POSTS = 9_100;

/** Reads an answer to the end, keeping only its size, head and tail. */
async function drain(url: string) {
  const res = await fetch(url);
  let bytes = 0;
  let head = '';
  let tail = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    const text = decoder.decode(chunk, { stream: true });
    if (head.length < 64) head += text.slice(0, 64);
    tail = (tail + text).slice(-64);
  }
  return { status: res.status, bytes, head, tail };
}

/** Polls /livez while `work` runs; the slowest answer in ms. */
async function slowestLivez(url: string, work: Promise<unknown>) {
  let done = false;
  let slowest = 0;
  void work.finally(() => (done = true));
  for (let i = 0; i < 100_000 && !done; i++) {
    const t = performance.now();
    await fetch(`${url}/livez`).then((r) => r.arrayBuffer());
    slowest = Math.max(slowest, performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  await work;
  return slowest;
}

describe('data larger than any single string (issue 27 items 3, 4)', () => {
  let dir: TempDir;
  before(async () => (dir = await makeTempDir('big-data-')));
  after(() => dir.remove());

  it(
    `a db.json of more than 2^29 characters imports, is served whole, and restarts`,
    { timeout: 600_000 },
    async () => {
      const DB_FILE = join(dir.path, 'db.json');
      const out = createWriteStream(DB_FILE);
      const body = JSON.stringify('\u0001'.repeat(BODY_CHARS));
      out.write(`{"crocodiles":${JSON.stringify(seed.crocodiles)},"posts":[`);
      for (let i = 0; i < POSTS; i++) {
        if (!out.write(`${i ? ',' : ''}{"id":${i + 1},"body":${body}}`)) {
          await new Promise<void>((r) => out.once('drain', () => r()));
        }
      }
      out.end(']}');
      await finished(out);
      const size = (await stat(DB_FILE)).size;
      assert.ok(size > V8_MAX_STRING, `db.json is ${size} bytes`);

      let t = performance.now();
      let api = await spawnApi({ DB_FILE }, 300_000);
      const importMs = performance.now() - t;
      const one = await call(`${api.url}/posts/${POSTS}`);
      assert.equal(one.status, 200);
      assert.equal(one.body.body.length, BODY_CHARS);
      const page = await call(`${api.url}/posts?_page=3&_limit=2`);
      assert.deepEqual(
        page.body.map((p: { id: number }) => p.id),
        [5, 6],
      );

      t = performance.now();
      const exported = drain(`${api.url}/db`);
      const slowest = await slowestLivez(api.url, exported);
      const db = await exported;
      const exportMs = performance.now() - t;
      assert.equal(db.status, 200);
      assert.ok(db.bytes > V8_MAX_STRING, `GET /db sent ${db.bytes} bytes`);
      assert.ok(db.head.startsWith('{"crocodiles":[{"id":1,'), db.head);
      assert.ok(db.tail.endsWith(`{"id":${POSTS},"body":${body}}]}`.slice(-64)), db.tail);
      const list = await drain(`${api.url}/posts`);
      assert.equal(list.status, 200);
      assert.ok(list.bytes > V8_MAX_STRING, `GET /posts sent ${list.bytes} bytes`);

      assert.equal(await api.proc.stop('SIGTERM'), 0);
      t = performance.now();
      api = await spawnApi({ DB_FILE }, 300_000);
      const restartMs = performance.now() - t;
      assert.equal((await call(`${api.url}/posts/1`)).body.body.length, BODY_CHARS);
      console.log(
        `figure: db.json ${size} bytes: import+start ${importMs.toFixed(0)} ms, GET /db ${db.bytes} bytes in ${exportMs.toFixed(0)} ms (slowest /livez meanwhile ${slowest.toFixed(0)} ms), restart ${restartMs.toFixed(0)} ms`,
      );
      await assertStillServesThenStops(api);
    },
  );

  it(
    '300 posts of ~90 kB nested arrays (about 20× when pretty-printed) restart, with no compaction to fail',
    { timeout: 300_000 },
    async () => {
      const DB_FILE = join(dir.path, 'nested.json');
      await writeFile(DB_FILE, JSON.stringify({ crocodiles: seed.crocodiles, posts: [] }));
      let api = await spawnApi({ DB_FILE });
      // 8 levels of arrays of short numbers: small as JSON, large once indented.
      const leaf = Array.from({ length: 4 }, (_, i) => i);
      let nested: unknown = leaf;
      for (let d = 0; d < 8; d++) nested = [nested, nested, nested];
      const text = JSON.stringify({ nested });
      assert.ok(text.length > 20_000 && text.length < 100_000, `${text.length} bytes`);
      assert.ok(JSON.stringify({ nested }, null, 2).length > 10 * text.length);
      const posts: number[] = [];
      for (let i = 0; i < 300; i++) {
        const r = await call(`${api.url}/posts`, { method: 'POST', json: { nested } });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        posts.push(r.body.id);
      }
      assert.equal(await api.proc.stop('SIGTERM'), 0);
      api = await spawnApi({ DB_FILE });
      const all = await call(`${api.url}/posts`);
      assert.equal(all.body.length, posts.length, 'every post is there');
      await assertStillServesThenStops(api);
    },
  );
});
