/**
 * Disk trouble, for real: a read-only filesystem and a full one (small tmpfs
 * mounts). Clear startup errors or 503 on writes; never a crash, never a
 * corrupt db. Mounting needs root; without it the test says so and skips.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, runSync, startProcess, waitUntilReady } from '@loadlab/process-supervisor';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import {
  assertStillServesThenStops,
  call,
  MAIN,
  readDurable,
  seed,
  spawnApi,
} from './test-support.ts';

const mount = (...args: string[]) => runSync('mount', args);
const umount = (dir: string) => runSync('umount', ['-l', dir]);
let canMount = false;
try {
  const probe = await makeTempDir('mount-probe-');
  mount('-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', probe.path);
  umount(probe.path);
  await probe.remove();
  canMount = true;
} catch {
  console.log(
    'skip reason: cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN), so disk-full and read-only cases cannot be made real',
  );
}
const croc = (name: string) => ({ name, sex: 'M', date_of_birth: '2019-09-09', age: 7 });

/** Polls until the condition holds; bounded (no timing goal, just a cap on waiting). */
async function eventually(what: string, check: () => Promise<boolean>) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`never happened: ${what}`);
}
const names = async (url: string) =>
  ((await call(`${url}/crocodiles`)).body as { name: string }[]).map((c) => c.name);

describe('disk trouble', { skip: !canMount && 'mounting is not permitted on this machine' }, () => {
  let dir: TempDir;
  before(async () => (dir = await makeTempDir('disk-')));
  after(() => dir.remove());

  const tmpfs = (size: string) => {
    const mnt = join(dir.path, `mnt-${Math.random().toString(36).slice(2)}`);
    mkdirSync(mnt, { recursive: true });
    mount('-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mnt);
    return mnt;
  };

  it('read-only db path: a clear startup error, or read-only serving with READ_ONLY=true', async () => {
    const mnt = tmpfs('1m');
    try {
      writeFileSync(join(mnt, 'db.json'), JSON.stringify(seed));
      mount('-o', 'remount,ro', mnt);
      const p = startProcess(process.execPath, [MAIN], {
        env: { ...process.env, DB_FILE: join(mnt, 'db.json'), PORT: '0' },
      });
      assert.equal(await p.exited, 78);
      assert.match(p.output(), /DB_FILE directory .* is not writable; .*set READ_ONLY=true/);
      const ro = await spawnApi({ DB_FILE: join(mnt, 'db.json'), READ_ONLY: 'true' });
      try {
        assert.equal((await call(`${ro.url}/crocodiles`)).body.length, 8);
        assert.equal(
          (await call(`${ro.url}/crocodiles`, { method: 'POST', json: croc('x') })).status,
          405,
        );
      } finally {
        await ro.proc.stop();
      }
      console.log(
        'figure: read-only path -> exit 78 with the fix named; READ_ONLY=true serves reads, 405 on writes',
      );
    } finally {
      umount(mnt);
    }
  });

  it('disk full at runtime: 503 changes nothing, readiness 503, reads keep working, a retry leaves one record', async () => {
    const mnt = tmpfs('512k');
    const dbFile = join(mnt, 'db.json');
    const api = await spawnApi({ DB_FILE: dbFile });
    try {
      // Fill the disk completely.
      try {
        writeFileSync(join(mnt, 'filler'), Buffer.alloc(512 * 1024));
      } catch (err) {
        assert.equal((err as NodeJS.ErrnoException).code, 'ENOSPC');
      }
      const acknowledged: number[] = [];
      const statuses: number[] = [];
      const refused: string[] = [];
      for (let i = 0; i < 20; i++) {
        const name = `big-${i}-${'x'.repeat(190)}`;
        const r = await call(`${api.url}/crocodiles`, {
          method: 'POST',
          json: { ...croc(name), id: `big-${i}` },
        });
        statuses.push(r.status);
        if (r.status === 201) acknowledged.push(r.body.id);
        else refused.push(name);
        if (r.status === 503) {
          assert.equal(
            (await call(`${api.url}/readyz`)).status,
            503,
            'readiness follows durability',
          );
          assert.ok(!(await names(api.url)).includes(name), 'a 503 write is not visible');
        }
      }
      assert.ok(statuses.includes(503), `a write hit the full disk: ${statuses.join(',')}`);
      assert.ok(
        statuses.every((s) => s === 201 || s === 503),
        statuses.join(','),
      );
      assert.equal((await call(`${api.url}/livez`)).status, 200, 'still alive');
      assert.equal((await call(`${api.url}/crocodiles/1`)).status, 200, 'still serving reads');
      const onDisk = (await readDurable(dbFile)) as { crocodiles: { id: number | string }[] };
      for (const name of refused)
        assert.ok(!JSON.stringify(onDisk).includes(name), 'a refused write never reaches the disk');
      for (const id of acknowledged)
        assert.ok(
          onDisk.crocodiles.some((c) => c.id === id),
          `acknowledged ${id} on disk`,
        );

      rmSync(join(mnt, 'filler'));
      await eventually('readiness 200 once there is space', async () => {
        return (await call(`${api.url}/readyz`)).status === 200;
      });
      // The client retries what it was told to retry: exactly one record results.
      const retry = refused[0]!;
      const id = `big-${statuses.indexOf(503)}`;
      const after = await call(`${api.url}/crocodiles`, {
        method: 'POST',
        json: { ...croc(retry), id },
      });
      assert.equal(after.status, 201, 'writes recover once there is space');
      assert.equal((await names(api.url)).filter((n) => n === retry).length, 1);
      console.log(
        `figure: disk full -> ${statuses.filter((s) => s === 503).length}/20 writes answered 503, ${acknowledged.length} acknowledged and all on disk, db valid, process alive`,
      );
    } finally {
      await api.proc.stop();
      umount(mnt);
    }
  });

  /** The API with its stdout appended to `log`, ready; exec makes node the process that gets SIGTERM. */
  const apiLoggingTo = async (log: string) => {
    const port = await freePort();
    const proc = startProcess('sh', ['-c', `exec "$0" "$1" >>"$2"`, process.execPath, MAIN, log], {
      env: {
        ...process.env,
        DB_FILE: join(dir.path, `log-full-${port}.json`),
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        MIN_DELAY_MS: '0',
        MAX_DELAY_MS: '0',
      },
    });
    const url = `http://127.0.0.1:${port}`;
    await waitUntilReady(
      proc,
      async () => (await call(`${url}/readyz`).catch(() => undefined))?.status === 200,
      { what: 'ready', timeoutMs: 15_000 },
    );
    return { proc, url };
  };

  it('stdout on a full disk: serving goes on, the lines go out once there is room, SIGTERM exits 0', async () => {
    const mnt = tmpfs('256k');
    const log = join(mnt, 'out.log');
    const { proc, url } = await apiLoggingTo(log).catch((err: unknown) => {
      umount(mnt);
      throw err;
    });
    try {
      fill(mnt, 'bytes');
      for (let i = 0; i < 300; i++) assert.equal((await call(`${url}/crocodiles/1`)).status, 200);
      const r = await call(`${url}/crocodiles`, { method: 'POST', json: croc('logged-nowhere') });
      assert.equal(r.status, 201);
      assert.equal((await call(`${url}/livez`)).status, 200);
      assert.match(
        proc.output(),
        /log lines cannot be written to stdout \(ENOSPC\); serving goes on/,
      );
      rmSync(join(mnt, 'filler'));
      await eventually('the waiting lines reach the log', async () => {
        await call(`${url}/crocodiles/1`);
        return readFileSync(log, 'utf8').includes('"url":"/crocodiles"');
      });
      assert.equal(await proc.stop('SIGTERM'), 0, proc.output().slice(-1500));
    } finally {
      await proc.stop('SIGKILL');
      umount(mnt);
    }
  });

  it('stdout still full at SIGTERM: exits 0 within the flush bound, never hangs', async () => {
    const mnt = tmpfs('256k');
    const { proc, url } = await apiLoggingTo(join(mnt, 'out.log')).catch((err: unknown) => {
      umount(mnt);
      throw err;
    });
    try {
      fill(mnt, 'bytes');
      for (let i = 0; i < 100; i++) await call(`${url}/crocodiles/1`);
      // stop() escalates to SIGKILL after its grace; 0 means the SIGTERM itself ended it.
      assert.equal(await proc.stop('SIGTERM'), 0, proc.output().slice(-1500));
    } finally {
      await proc.stop('SIGKILL');
      umount(mnt);
    }
  });

  it('filesystem remounted read-only at runtime: the kernel refuses (the store is open), the service keeps going', async () => {
    // SQLite keeps its file open for writing, like any database; Linux then refuses a
    // read-only remount (EBUSY). Stop the service first, or run it with READ_ONLY=true.
    const mnt = tmpfs('1m');
    const dbFile = join(mnt, 'db.json');
    const api = await spawnApi({ DB_FILE: dbFile });
    try {
      assert.equal(
        (await call(`${api.url}/crocodiles`, { method: 'POST', json: croc('before') })).status,
        201,
      );
      assert.throws(() => mount('-o', 'remount,ro', mnt), /busy/);
      const r = await call(`${api.url}/crocodiles`, { method: 'POST', json: croc('during') });
      assert.equal(r.status, 201);
      assert.equal((await names(api.url)).filter((n) => n === 'during').length, 1);
      assert.ok(JSON.stringify(await readDurable(dbFile)).includes('during'));
      await assertStillServesThenStops(api);
    } finally {
      await api.proc.stop();
      umount(mnt);
    }
  });

  /** Removes what fill() wrote. */
  const unfill = (mnt: string) => {
    for (const f of readdirSync(mnt))
      if (f === 'filler' || f.startsWith('inode-')) rmSync(join(mnt, f));
  };

  /** Fills the filesystem at mnt to the last byte (or inode): ENOSPC is expected. */
  const fill = (mnt: string, what: 'bytes' | 'inodes') => {
    try {
      if (what === 'bytes') writeFileSync(join(mnt, 'filler'), Buffer.alloc(64 * 1024 * 1024));
      else for (let i = 0; i < 100_000; i++) writeFileSync(join(mnt, `inode-${i}`), '');
    } catch (err) {
      assert.equal((err as NodeJS.ErrnoException).code, 'ENOSPC');
      return;
    }
    assert.fail(`${what} never ran out`);
  };

  for (const what of ['bytes', 'inodes'] as const) {
    it(`clean stop, then the disk fills (${what}): starts again and serves its data`, async () => {
      const mnt = tmpfs(what === 'bytes' ? '2m' : '2m,nr_inodes=64');
      const DB_FILE = join(mnt, 'db.json');
      try {
        let api = await spawnApi({ DB_FILE });
        const created = await call(`${api.url}/crocodiles`, { method: 'POST', json: croc('kept') });
        assert.equal(created.status, 201);
        assert.equal(await api.proc.stop('SIGTERM'), 0, api.proc.output().slice(-1500));
        // Kept but empty: everything is in DB_FILE.sqlite, so a copy of it alone is a backup.
        assert.equal(statSync(`${DB_FILE}.sqlite-wal`).size, 0);
        fill(mnt, what);
        // The clean stop kept -wal and -shm: a start needs no new file, so a full disk cannot stop it.
        api = await spawnApi({ DB_FILE });
        assert.equal((await call(`${api.url}/crocodiles/${created.body.id}`)).status, 200);
        unfill(mnt);
        await assertStillServesThenStops(api);
      } finally {
        umount(mnt);
      }
    });

    it(`a store without its -wal and -shm (a copied backup) on a full disk (${what}): exit 78 naming the full disk`, async () => {
      const mnt = tmpfs(what === 'bytes' ? '2m' : '2m,nr_inodes=64');
      const DB_FILE = join(mnt, 'db.json');
      try {
        const api = await spawnApi({ DB_FILE });
        assert.equal(await api.proc.stop('SIGTERM'), 0);
        rmSync(`${DB_FILE}.sqlite-wal`);
        rmSync(`${DB_FILE}.sqlite-shm`);
        fill(mnt, what);
        const p = startProcess(process.execPath, [MAIN], {
          env: { ...process.env, DB_FILE, PORT: '0' },
        });
        assert.equal(await p.exited, 78);
        const why = what === 'bytes' ? 'no free space' : 'no free inodes';
        assert.match(
          p.output(),
          new RegExp(`filesystem has ${why} .*free some space and start again`),
        );
      } finally {
        umount(mnt);
      }
    });

    it(`full disk (${what}) then SIGKILL: starts again while full, and after the space is freed (issue 27 item 5)`, async () => {
      const mnt = tmpfs(what === 'bytes' ? '2m' : '2m,nr_inodes=64');
      const DB_FILE = join(mnt, 'db.json');
      try {
        let api = await spawnApi({ DB_FILE });
        const acknowledged: string[] = [];
        const post = async (name: string) => {
          const r = await call(`${api.url}/crocodiles`, { method: 'POST', json: croc(name) });
          assert.ok(r.status === 201 || r.status === 503, `${r.status} ${JSON.stringify(r.body)}`);
          if (r.status === 201) acknowledged.push(String(r.body.id));
          return r.status;
        };
        for (let i = 0; i < 5; i++) await post(`before-${i}`);
        fill(mnt, what);
        const during: number[] = [];
        for (let i = 0; i < 30; i++) during.push(await post(`during-${i}-${'x'.repeat(150)}`));
        await api.proc.stop('SIGKILL');

        // Still full: it starts (nothing at startup needs new space) and serves every acknowledged write.
        api = await spawnApi({ DB_FILE });
        for (const id of acknowledged)
          assert.equal(
            (await call(`${api.url}/crocodiles/${id}`)).status,
            200,
            `acknowledged ${id}`,
          );
        const stopped = await api.proc.stop('SIGTERM');
        assert.equal(stopped, 0, api.proc.output().slice(-1500));

        unfill(mnt);
        api = await spawnApi({ DB_FILE });
        const served = new Set(
          ((await call(`${api.url}/crocodiles`)).body as { id: number }[]).map((c) => String(c.id)),
        );
        for (const id of acknowledged)
          assert.ok(served.has(id), `acknowledged ${id} after freeing`);
        console.log(
          `figure: ${what} full -> ${during.filter((s) => s === 503).length}/30 writes 503, ${acknowledged.length} acknowledged, all served after SIGKILL, while full and after freeing`,
        );
        await assertStillServesThenStops(api);
      } finally {
        umount(mnt);
      }
    });
  }
});
