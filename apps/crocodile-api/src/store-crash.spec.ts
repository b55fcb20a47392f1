/**
 * Issue 27, items 1 and 2: the store survives a SIGKILL at every named step of
 * startup (lock, seed import, load), of a write (before and after COMMIT) and
 * of shutdown (before and after the WAL checkpoint), and a second process on
 * the same DB_FILE refuses to start, naming the first. Real processes, real
 * files; each case ends with a good POST, DELETE, list, /readyz and exit 0 on SIGTERM.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { startProcess, type Proc } from '@loadlab/process-supervisor';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import { STARTUP_CRASH_POINTS, type CrashPoint } from './db/crash-points.ts';
import { assertStillServesThenStops, call, MAIN, spawnApi } from './test-support.ts';

const SEEDED = 2000; // past 'import-half' (the 1,000th record)
const croc = (i: number) => ({
  name: `Croc ${i}`,
  sex: i % 2 ? 'M' : 'F',
  date_of_birth: '2010-05-06',
  age: i % 90,
});
const seedText = JSON.stringify({
  crocodiles: Array.from({ length: SEEDED }, (_, i) => ({ id: i + 1, ...croc(i) })),
  keepers: [],
});

const env = (DB_FILE: string, extra: Record<string, string> = {}) => ({
  ...process.env,
  DB_FILE,
  PORT: '0',
  HOST: '127.0.0.1',
  MIN_DELAY_MS: '0',
  MAX_DELAY_MS: '0',
  ...extra,
});

/** Every process a test starts, SIGKILLed after it if still running (a failed assertion included). */
const procs: Proc[] = [];
const track = (p: Proc) => (procs.push(p), p);
const spawn = async (e: Record<string, string>) => {
  const api = await spawnApi(e);
  track(api.proc);
  return api;
};

/** Runs main.ts armed to SIGKILL itself at `point`; resolves with how it ended. */
async function crashAt(DB_FILE: string, point: CrashPoint, after = 1) {
  const p = track(
    startProcess(process.execPath, [MAIN], {
      env: env(DB_FILE, {
        CROCODILE_API_CRASH_AT: point,
        CROCODILE_API_CRASH_AFTER: String(after),
      }),
    }),
  );
  return p;
}

const ids = async (url: string) =>
  ((await call(`${url}/crocodiles`)).body as { id: number | string }[]).map((c) => String(c.id));

describe('store crashes (issue 27 items 1, 2)', () => {
  let dir: TempDir;
  before(async () => (dir = await makeTempDir('store-crash-')));
  afterEach(async () => {
    for (const p of procs.splice(0)) await p.stop('SIGKILL');
  });
  after(() => dir.remove());
  let n = 0;
  const freshDb = async () => {
    const DB_FILE = join(dir.path, `db-${++n}.json`);
    await writeFile(DB_FILE, seedText);
    return DB_FILE;
  };

  for (const point of STARTUP_CRASH_POINTS) {
    it(`SIGKILL at startup step "${point}" (first start, seed import): the next start serves the whole seed`, async () => {
      const DB_FILE = await freshDb();
      const crashed = await crashAt(DB_FILE, point);
      assert.equal(await crashed.exited, 'SIGKILL', `killed at ${point}: ${crashed.output()}`);
      const api = await spawn({ DB_FILE });
      const served = await ids(api.url);
      assert.equal(served.length, SEEDED, 'the import is all or nothing, then done once');
      assert.equal(new Set(served).size, SEEDED, 'no duplicates');
      await assertStillServesThenStops(api);
    });
  }

  it('SIGKILL at every startup step of a store with acknowledged writes and deletes: nothing comes back, nothing is lost', async () => {
    const DB_FILE = await freshDb();
    const api = await spawn({ DB_FILE });
    const created: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await call(`${api.url}/crocodiles`, { method: 'POST', json: croc(i) });
      assert.equal(r.status, 201);
      created.push(String(r.body.id));
    }
    // Item 1: an acknowledged DELETE must never be undone.
    for (const id of ['5', created[0]!])
      assert.equal((await call(`${api.url}/crocodiles/${id}`, { method: 'DELETE' })).status, 200);
    const patched = await call(`${api.url}/crocodiles/6`, { method: 'PATCH', json: { age: 77 } });
    assert.equal(patched.status, 200);
    await api.proc.stop('SIGKILL');
    for (const point of ['lock-acquired', 'loaded'] as const) {
      const crashed = await crashAt(DB_FILE, point);
      assert.equal(await crashed.exited, 'SIGKILL');
    }
    const again = await spawn({ DB_FILE });
    const served = new Set(await ids(again.url));
    assert.equal(served.size, SEEDED + 20 - 2);
    assert.ok(!served.has('5') && !served.has(created[0]!), 'deleted records stay deleted');
    for (const id of created.slice(1)) assert.ok(served.has(id), `created ${id} is there`);
    assert.equal((await call(`${again.url}/crocodiles/6`)).body.age, 77, 'the update holds');
    await assertStillServesThenStops(again);
  });

  for (const point of ['write-before-commit', 'write-committed'] as const) {
    it(`SIGKILL at write step "${point}": every acknowledged write is there once; only the write in flight may be`, async () => {
      const DB_FILE = await freshDb();
      await (await spawn({ DB_FILE })).proc.stop(); // imported
      const armed = await crashAt(DB_FILE, point, 4);
      const [, url] = await armed.waitForOutput(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
      const acknowledged: string[] = [];
      let inFlight: string | undefined;
      for (let i = 0; i < 10; i++) {
        const name = `Write ${i}`;
        try {
          const r = await call(`${url}/crocodiles`, { method: 'POST', json: { ...croc(i), name } });
          assert.equal(r.status, 201);
          acknowledged.push(name);
        } catch {
          inFlight = name; // the connection died with the process
          break;
        }
      }
      assert.equal(await armed.exited, 'SIGKILL');
      assert.equal(
        acknowledged.length,
        3,
        'three batches were acknowledged before the fourth crashed',
      );
      const api = await spawn({ DB_FILE });
      const names = ((await call(`${api.url}/crocodiles`)).body as { name: string }[])
        .map((c) => c.name)
        .filter((x) => x.startsWith('Write '));
      for (const name of acknowledged)
        assert.equal(names.filter((x) => x === name).length, 1, `${name} present once`);
      const extra = names.filter((x) => !acknowledged.includes(x));
      assert.deepEqual(
        extra,
        point === 'write-committed' ? [inFlight] : [],
        'committed but unanswered: the write in flight; before COMMIT: nothing',
      );
      await assertStillServesThenStops(api);
    });
  }

  for (const point of ['close-before-checkpoint', 'close-after-checkpoint'] as const) {
    it(`SIGKILL at shutdown step "${point}": all acknowledged writes survive`, async () => {
      const DB_FILE = await freshDb();
      await (await spawn({ DB_FILE })).proc.stop();
      const armed = await crashAt(DB_FILE, point);
      const [, url] = await armed.waitForOutput(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
      const r = await call(`${url}/crocodiles`, { method: 'POST', json: croc(1) });
      assert.equal(r.status, 201);
      assert.equal(
        await call(`${url}/crocodiles/7`, { method: 'DELETE' }).then((x) => x.status),
        200,
      );
      assert.equal(await armed.stop('SIGTERM'), 'SIGKILL');
      const api = await spawn({ DB_FILE });
      assert.equal((await call(`${api.url}/crocodiles/${r.body.id}`)).status, 200);
      assert.equal((await call(`${api.url}/crocodiles/7`)).status, 404);
      await assertStillServesThenStops(api);
    });
  }

  it('a second process on the same DB_FILE exits 78 naming the first; both started at once: exactly one runs', async () => {
    const DB_FILE = await freshDb();
    const first = await spawn({ DB_FILE });
    const created = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(`${first.url}/crocodiles`, { method: 'POST', json: croc(i) }),
      ),
    );
    assert.ok(created.every((r) => r.status === 201));
    const second = track(startProcess(process.execPath, [MAIN], { env: env(DB_FILE) }));
    assert.equal(await second.exited, 78);
    const pid = first.proc.child.pid;
    assert.match(
      second.output(),
      new RegExp(
        `DB_FILE .* is in use by another crocodile-api \\(pid ${pid} on .*\\); stop it first`,
      ),
    );
    // The first one was not disturbed, and its data is all there after a SIGKILL.
    assert.equal((await call(`${first.url}/readyz`)).status, 200);
    await first.proc.stop('SIGKILL');

    const racers = [0, 1].map(() =>
      track(startProcess(process.execPath, [MAIN], { env: env(DB_FILE) })),
    );
    const outcome = await Promise.race(
      racers.map((p, i) => p.exited.then((code) => ({ i, code }))),
    );
    assert.equal(outcome.code, 78, 'one of two simultaneous starts refuses');
    const winner = racers[1 - outcome.i]!;
    const [, url] = await winner.waitForOutput(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
    const served = new Set(await ids(url));
    for (const r of created) assert.ok(served.has(String(r.body.id)), `acknowledged ${r.body.id}`);
    assert.equal(served.size, SEEDED + 50);
    await assertStillServesThenStops({ proc: winner, url: url! });
  });
});
