/**
 * Issue 27 items 7, 8 and point 3: work per read is bounded in time, not only
 * in count. With the documented maximum loaded (MAX_RECORDS, 1,000,000
 * records, in two resources), `_like`, `q`, `_embed` and `_expand` at their
 * documented maxima stop with a 400 naming the cap, and /livez is never held
 * for more than 100 ms meanwhile (a loose bound on a busy 2-core machine; the
 * cap itself is 40 ms).
 */
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { after, before, describe, it } from 'node:test';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import { assertStillServesThenStops, call, spawnApi } from './test-support.ts';

const RECORDS = 1_000_000; // MAX_RECORDS, the documented maximum
const LIVEZ_BOUND_MS = 100;

async function writeDb(file: string) {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  await write('{"crocodiles":[');
  for (let i = 1; i <= RECORDS; i++) {
    await write(
      `${i > 1 ? ',' : ''}{"id":${i},"name":"Croc ${i}","sex":"${i % 2 ? 'M' : 'F'}","date_of_birth":"2001-01-01","age":${i % 100}}`,
    );
  }
  await write('],"keepers":[');
  for (let i = 1; i <= RECORDS; i++) {
    await write(`${i > 1 ? ',' : ''}{"id":${i},"name":"Keeper ${i}","crocodileId":${i}}`);
  }
  out.end(']}');
  await finished(out);
}

/** Sends `path` while polling /livez; the answer and the slowest /livez in ms. */
async function underWatch(url: string, path: string) {
  let done = false;
  const request = call(`${url}${path}`).finally(() => (done = true));
  let slowest = 0;
  for (let i = 0; i < 10_000 && !done; i++) {
    const t = performance.now();
    await fetch(`${url}/livez`).then((r) => r.arrayBuffer());
    slowest = Math.max(slowest, performance.now() - t);
    await new Promise((r) => setTimeout(r, 5));
  }
  return { res: await request, slowest };
}

/**
 * `path` is refused with a 400 matching `message`, and /livez answers within the bound. Up to 3
 * tries: the cap is deterministic, while a GC pause or a busy machine only ever adds to a try;
 * the best try is the request's own cost.
 */
async function refusedWithinBound(url: string, path: string, message: RegExp, what: string) {
  const slowests: number[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const { res, slowest } = await underWatch(url, path);
    assert.equal(res.status, 400, JSON.stringify(res.body).slice(0, 300));
    assert.match(res.body.message, message);
    slowests.push(slowest);
    if (slowest < LIVEZ_BOUND_MS) break;
  }
  const best = Math.min(...slowests);
  console.log(
    `figure: ${what}: 400, slowest /livez ${slowests.map((s) => s.toFixed(1)).join(' / ')} ms`,
  );
  assert.ok(best < LIVEZ_BOUND_MS, `/livez took ${best.toFixed(1)} ms at best`);
}

describe('work caps with 1,000,000 records per resource (issue 27 items 7, 8; point 3)', () => {
  let dir: TempDir;
  let api: Awaited<ReturnType<typeof spawnApi>>;
  before(async () => {
    dir = await makeTempDir('work-caps-');
    const DB_FILE = join(dir.path, 'db.json');
    await writeDb(DB_FILE);
    api = await spawnApi({ DB_FILE }, 300_000);
  });
  after(async () => {
    await api?.proc.stop('SIGKILL');
    await dir.remove();
  });

  // The largest pattern the documented limits allow that still compiles small enough.
  const slowLike = '(a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|s|t|u|v|w|x|y|z|0|1|2|3|4|5)';
  const cases: [string, string, RegExp][] = [
    ['the probe: (.*){1000}', '/crocodiles?name_like=(.*){1000}&_limit=1', /too complex/],
    [
      '_like at its maxima (5 per field, several fields)',
      `/crocodiles?${['name', 'sex', 'date_of_birth', 'age']
        .flatMap((f) =>
          Array.from(
            { length: 5 },
            (_, i) => `${f}_like=${encodeURIComponent(`${slowLike}{${i + 1}}zz`)}`,
          ),
        )
        .join('&')}`,
      /needs more than 40 ms of work/,
    ],
    ['q over every record', '/crocodiles?q=nothing-matches-this', /needs more than 40 ms of work/],
    [
      'a filter on a field no record has',
      '/crocodiles?nosuchfield=1',
      /needs more than 40 ms of work/,
    ],
    [
      '_embed within the count cap (5 × 1,000,000)',
      '/crocodiles?_embed=keepers&_page=1&_limit=5',
      /needs more than 40 ms of work/,
    ],
    [
      'the probe: _embed with _page, _limit=20000 and _end=1',
      '/crocodiles?_embed=keepers&_page=1&_limit=20000&_end=1',
      /at most 10000/,
    ],
    ['_expand on the whole list', '/keepers?_expand=crocodile', /at most 10000/],
    [
      'a nested list with _embed',
      '/crocodiles/1/keepers?_embed=keepers&_limit=20000',
      /at most 10000/,
    ],
  ];
  for (const [what, path, message] of cases) {
    it(`${what}: 400 naming the cap, /livez within ${LIVEZ_BOUND_MS} ms`, async () => {
      await refusedWithinBound(api.url, path, message, what);
    });
  }

  it('reads within the caps still answer: by id, _expand on a page', async () => {
    assert.equal((await call(`${api.url}/crocodiles/${RECORDS}`)).body.name, `Croc ${RECORDS}`);
    const page = await underWatch(api.url, '/keepers?_expand=crocodile&_page=2&_limit=3');
    assert.equal(page.res.status, 200);
    assert.deepEqual(
      page.res.body.map((k: { crocodile: { id: number } }) => k.crocodile.id),
      [4, 5, 6],
    );
    assert.ok(page.slowest < LIVEZ_BOUND_MS, `/livez took ${page.slowest.toFixed(1)} ms`);
  });

  it('then a good POST, DELETE, list, /readyz and exit 0 on SIGTERM', async () => {
    // At MAX_RECORDS a create gets 507; one delete makes room for the epilogue's POST.
    const full = await call(`${api.url}/crocodiles`, {
      method: 'POST',
      json: { name: 'One too many', sex: 'M', date_of_birth: '2001-01-01', age: 1 },
    });
    assert.equal(full.status, 507);
    assert.equal((await call(`${api.url}/crocodiles/1`, { method: 'DELETE' })).status, 200);
    await assertStillServesThenStops(api);
  });
});

describe('work caps when one step is slow: long strings, _like at its maxima (review of issue 27)', () => {
  let dir: TempDir;
  let api: Awaited<ReturnType<typeof spawnApi>>;
  before(async () => {
    dir = await makeTempDir('work-caps-long-');
    const DB_FILE = join(dir.path, 'db.json');
    // 1,000 records (under the 1,000 steps once free of any clock) of 9,999 characters each.
    const long = 'a'.repeat(9_999);
    const notes = Array.from({ length: 1_000 }, (_, i) => ({ id: i + 1, f0: long, f1: long }));
    await writeFile(DB_FILE, JSON.stringify({ crocodiles: [], notes }));
    api = await spawnApi({ DB_FILE }, 120_000);
  });
  after(async () => {
    await api?.proc.stop('SIGKILL');
    await dir.remove();
  });

  it(`5 costly _like terms per field: 400 at the cap, /livez within ${LIVEZ_BOUND_MS} ms`, async () => {
    const like = encodeURIComponent('[ab]{1,15}y');
    const path = `/notes?${['f0', 'f1'].flatMap((f) => Array.from({ length: 5 }, () => `${f}_like=${like}`)).join('&')}&_limit=1`;
    await refusedWithinBound(
      api.url,
      path,
      /needs more than 40 ms of work/,
      'long strings, costly _like',
    );
  });

  it('then a good POST, DELETE, list, /readyz and exit 0 on SIGTERM', async () => {
    await assertStillServesThenStops(api);
  });
});
