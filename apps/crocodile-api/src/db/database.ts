/**
 * The database: SQLite (node:sqlite) in `<DB_FILE>.sqlite`, WAL mode with
 * synchronous=FULL, so a write is acknowledged only once its transaction is in
 * the fsynced WAL. SQLite carries crash recovery, full disks and file growth;
 * nothing here rewrites a whole file. db.json (DB_FILE) is the seed, imported
 * once (streamed, record by record, in one transaction: all or nothing), and
 * GET /db is the export. json-server reads an in-memory copy, loaded at startup
 * one row at a time and changed only after a write is durable.
 */
import { access, constants, open, rm, stat, statfs } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { validateRecord } from '../crocodiles/crocodile.ts';
import { LIMITS, nestingDepth } from '../writes/limits.ts';
import { Collection, type Op, type Rec } from './collection.ts';
import { crashPoint } from './crash-points.ts';
import { GroupCommit } from './group-commit.ts';
import { readSeed, SeedSyntaxError, type SeedEntry } from './seed-reader.ts';
import {
  acquireWriterLock,
  LockedError,
  thisOwner,
  type Owner,
  type WriterLock,
} from './writer-lock.ts';

export type DbState = Record<string, unknown>;

/** Top-level db.json keys starting with `$` are not resources (e.g. `$schema`); this one is ours. */
export const META_KEY = '$crocodile-api';
/** While writes are failing, how often to try the disk again for /readyz. */
const PROBE_EVERY_MS = 1000;

export class DatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseError';
  }
}

export interface Database {
  /** db.json: the seed and the name operators know. */
  readonly file: string;
  /** The SQLite file that holds the data. */
  readonly storeFile: string;
  /** The resources json-server reads. Changed only through write(). */
  readonly state: DbState;
  readonly collections: ReadonlyMap<string, Collection>;
  readonly commits: GroupCommit<Op>;
  /** False after a write failed to reach the disk, until a write or a probe succeeds. */
  readonly durable: boolean;
  /** Makes the change durable, then applies it; rejects with nothing changed. */
  write(op: Op): Promise<void>;
  /** What a restart would serve, read back from SQLite (not from memory). */
  durableState(): DbState;
  /** Waits for pending writes, checkpoints the WAL, releases the lock. Resolves to a warning, if any. */
  close(): Promise<string | undefined>;
}

export interface OpenOptions {
  readonly file: string;
  /** Imported when neither the store nor db.json exists. */
  readonly seed: DbState;
  /** Never write (READ_ONLY=true). */
  readonly readOnly?: boolean;
  /** Called when durability changes (for logs). */
  readonly onDurable?: (durable: boolean, err?: unknown) => void;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS resources (
    name TEXT PRIMARY KEY, pos INTEGER NOT NULL, list INTEGER NOT NULL,
    value TEXT, last_id INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY, resource TEXT NOT NULL, id TEXT, body TEXT NOT NULL,
    UNIQUE (resource, id));
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`;

/** The primary SQLite result code (extended codes carry it in the low byte). */
const errcode = (err: unknown) => ((err as { errcode?: number }).errcode ?? 0) & 0xff;
const message = (err: unknown) => (err as Error).message;

export async function openDatabase({
  file,
  seed,
  readOnly = false,
  onDurable,
}: OpenOptions): Promise<Database> {
  if ((await stat(file).catch(() => undefined))?.isDirectory()) {
    throw new DatabaseError(`DB_FILE ${file} is a directory; point DB_FILE at a file (db.json)`);
  }
  const dir = dirname(file);
  const dirStat = await stat(dir).catch(() => undefined);
  if (!dirStat?.isDirectory()) {
    throw new DatabaseError(
      `DB_FILE directory ${dir} does not exist; create it or point DB_FILE elsewhere`,
    );
  }
  const storeFile = `${file}.sqlite`;
  const storeExists = await exists(storeFile);
  if (readOnly) return openReadOnly(file, storeFile, storeExists, seed);

  try {
    await access(dir, constants.W_OK);
  } catch {
    throw new DatabaseError(
      `DB_FILE directory ${dir} is not writable; fix its permissions, mount a writable volume, or set READ_ONLY=true`,
    );
  }
  await refuseOldJournal(file);

  let lock: WriterLock;
  try {
    lock = acquireWriterLock(`${storeFile}.lock`);
    crashPoint('lock-acquired');
  } catch (err) {
    if (err instanceof LockedError) throw new DatabaseError(lockedMessage(file, storeFile));
    throw new DatabaseError(await lockFileMessage(`${storeFile}.lock`, err));
  }
  let sql: DatabaseSync | undefined;
  try {
    sql = openStore(storeFile);
    setOwner(sql, thisOwner());
    if (!sql.prepare(`SELECT 1 FROM meta WHERE key = 'seeded'`).get()) {
      await importSeed(sql, file, seed);
    }
    return liveDatabase(file, storeFile, sql, lock, onDurable);
  } catch (err) {
    try {
      sql?.close();
    } catch {
      // already failing; the first error is the one to report
    }
    lock.release();
    if (err instanceof DatabaseError) throw err;
    throw new DatabaseError((await diskFullMessage(storeFile)) ?? storeMessage(storeFile, err));
  }
}

function openStore(storeFile: string): DatabaseSync {
  const sql = new DatabaseSync(storeFile, { timeout: 5000 });
  sql.exec('PRAGMA journal_mode=WAL');
  // FULL: every commit fsyncs the WAL, so an acknowledged write survives a crash
  // of the process and of the machine.
  sql.exec('PRAGMA synchronous=FULL');
  sql.exec(SCHEMA);
  return sql;
}

function storeMessage(storeFile: string, err: unknown): string {
  const code = errcode(err);
  if (code === 26 /* SQLITE_NOTADB */) {
    return `${storeFile} is not an SQLite database (${message(err)}); restore it from a backup, or move it away to import db.json again`;
  }
  if (code === 13 /* SQLITE_FULL */) {
    return `${storeFile}: the disk is full (${message(err)}); free some space and start again`;
  }
  return `${storeFile} cannot be used: ${message(err)}`;
}

/** The lock file holds no data, so the fix for a damaged one is always to remove it. */
async function lockFileMessage(lockFile: string, err: unknown): Promise<string> {
  const what = (await stat(lockFile).catch(() => undefined))?.isDirectory()
    ? 'is a directory'
    : errcode(err) === 26 /* SQLITE_NOTADB */
      ? 'is not a lock file crocodile-api made'
      : `cannot be opened (${message(err)})`;
  return `${lockFile} ${what}; it holds no data: remove it and start again`;
}

/** SQLite says "disk I/O error" or "unable to open" when it cannot create -wal or -shm: say why. */
async function diskFullMessage(storeFile: string): Promise<string | undefined> {
  const fs = await statfs(dirname(storeFile)).catch(() => undefined);
  if (!fs || (fs.bavail > 0 && fs.ffree > 0)) return undefined;
  const what = fs.bavail === 0 ? 'no free space' : 'no free inodes';
  return `${storeFile} cannot be opened: its filesystem has ${what} (SQLite needs ${storeFile}-wal and -shm beside it); free some space and start again`;
}

function lockedMessage(file: string, storeFile: string): string {
  let owner: Owner | undefined;
  try {
    const reader = new DatabaseSync(storeFile, { timeout: 1000 });
    try {
      const row = reader.prepare(`SELECT value FROM meta WHERE key = 'owner'`).get();
      owner = row ? (JSON.parse(String(row.value)) as Owner) : undefined;
    } finally {
      reader.close();
    }
  } catch {
    // the owner is only named when it can be read
  }
  const who = owner ? `pid ${owner.pid} on ${owner.host}, since ${owner.since}` : 'another process';
  return `DB_FILE ${file} is in use by another crocodile-api (${who}; it holds ${storeFile}.lock); stop it first, or give this one its own DB_FILE`;
}

function setOwner(sql: DatabaseSync, owner: Owner): void {
  try {
    sql
      .prepare(
        `INSERT INTO meta (key, value) VALUES ('owner', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      )
      .run(JSON.stringify(owner));
  } catch {
    // Only for the message a second process shows; a full disk must not stop startup here.
  }
}

/** The journal of the previous store: its changes are not in db.json until that version folded it. */
async function refuseOldJournal(file: string): Promise<void> {
  const size = (await stat(`${file}.journal`).catch(() => undefined))?.size ?? 0;
  if (size > 0) {
    throw new DatabaseError(
      `${file}.journal holds changes of the previous crocodile-api store that are not in ${file}; start the previous version once and stop it with SIGTERM (it folds the journal into ${file}), then remove ${file}.journal`,
    );
  }
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

/** The seed, streamed from db.json when it exists, else the built-in one. */
async function* seedEntries(file: string, seed: DbState): AsyncGenerator<SeedEntry> {
  if (await exists(file)) {
    yield* readSeed(file);
    return;
  }
  for (const [key, value] of Object.entries(seed)) {
    if (!Array.isArray(value)) {
      yield { kind: 'value', key, value };
      continue;
    }
    yield { kind: 'list', key };
    for (const [index, record] of value.entries())
      yield { kind: 'record', key, index, value: record };
  }
}

interface Imported {
  /** Non-list top-level values ($schema, singular resources). */
  values: Map<string, unknown>;
  lists: string[];
  lastIds: Map<string, number>;
}

/** Checks one seed entry; every problem names the record and the fix. */
async function collectSeed(
  file: string,
  seed: DbState,
  onRecord: (key: string, index: number, record: Rec) => void,
): Promise<Imported> {
  const out: Imported = { values: new Map(), lists: [], lastIds: new Map() };
  const seen = new Set<string>();
  const where = `DB_FILE ${file}`;
  try {
    for await (const entry of seedEntries(file, seed)) {
      if (entry.kind !== 'record') {
        if (seen.has(entry.key))
          throw new DatabaseError(`${where}: the key "${entry.key}" appears twice; keep one`);
        seen.add(entry.key);
      }
      if (entry.kind === 'list') {
        if (entry.key.startsWith('$'))
          throw new DatabaseError(
            `${where}: "${entry.key}" must not be a list (keys starting with $ are metadata)`,
          );
        out.lists.push(entry.key);
      } else if (entry.kind === 'record') {
        const r = entry.value;
        if (typeof r !== 'object' || r === null || Array.isArray(r)) {
          throw new DatabaseError(
            `${where}: record ${entry.index} of "${entry.key}" is ${r === null ? 'null' : Array.isArray(r) ? 'an array' : typeof r}; every record must be a JSON object; fix or remove it`,
          );
        }
        const problem = recordProblem(r as Rec);
        if (problem) {
          throw new DatabaseError(
            `${where}: record ${entry.index} of "${entry.key}" breaks a limit that writes have too: ${problem}; fix or remove it`,
          );
        }
        onRecord(entry.key, entry.index, r as Rec);
      } else if (entry.key === META_KEY) {
        for (const [name, n] of Object.entries(checkMeta(where, entry.value)))
          out.lastIds.set(name, n);
      } else {
        if (
          !entry.key.startsWith('$') &&
          (typeof entry.value !== 'object' || entry.value === null)
        ) {
          throw new DatabaseError(
            `${where}: resource "${entry.key}" must be an array or an object`,
          );
        }
        out.values.set(entry.key, entry.value);
      }
    }
  } catch (err) {
    if (err instanceof SeedSyntaxError) {
      throw new DatabaseError(`${where} is ${err.message}; fix it (it was left untouched)`);
    }
    if (err instanceof DatabaseError) throw err;
    throw new DatabaseError(`${where} cannot be read: ${message(err)}`);
  }
  return out;
}

/** A seed record gets the bounds of a write (README, "Limits"), or the API could not serve it. */
function recordProblem(record: Rec): string | undefined {
  if (nestingDepth(record, LIMITS.maxDepth) > LIMITS.maxDepth)
    return `it nests objects or arrays more than ${LIMITS.maxDepth} levels deep`;
  // An id a client could not choose, but an automatic create could have given (GET /db's export).
  const n = /^\d+$/.test(String(record.id)) ? Number(record.id) : NaN;
  const automatic = n > LIMITS.maxClientId && n <= LIMITS.maxSeedId;
  const errors = validateRecord(record, 'create').filter((e) => !(automatic && e.field === 'id'));
  if (errors.length === 0) return undefined;
  return errors
    .map((e) => (e.field === '(body)' ? e.message : `"${e.field}" ${e.message}`))
    .join('; ');
}

function checkMeta(where: string, meta: unknown): Record<string, number> {
  const lastIds = (meta as { lastIds?: unknown } | null)?.lastIds ?? {};
  const bad = (what: string) =>
    new DatabaseError(
      `${where}: "${META_KEY}".lastIds ${what}; it must map resource names to the highest id used (a whole number from 0 to 2^53-1); fix it or remove "${META_KEY}"`,
    );
  if (
    typeof meta !== 'object' ||
    meta === null ||
    typeof lastIds !== 'object' ||
    lastIds === null ||
    Array.isArray(lastIds)
  ) {
    throw bad('is not an object');
  }
  for (const [name, n] of Object.entries(lastIds)) {
    if (!Number.isSafeInteger(n) || (n as number) < 0)
      throw bad(`has ${JSON.stringify(n)} for "${name}"`);
  }
  return lastIds as Record<string, number>;
}

/** Imports the seed in one transaction: a crash or a full disk leaves nothing half-imported. */
async function importSeed(sql: DatabaseSync, file: string, seed: DbState): Promise<void> {
  const insert = sql.prepare('INSERT INTO records (resource, id, body) VALUES (?, ?, ?)');
  sql.exec('BEGIN IMMEDIATE');
  crashPoint('import-started');
  let records = 0;
  try {
    const imported = await collectSeed(file, seed, (key, index, record) => {
      if (++records === 1000) crashPoint('import-half');
      const id = record.id === undefined || record.id === null ? null : String(record.id);
      try {
        insert.run(key, id, JSON.stringify(record));
      } catch (err) {
        if (errcode(err) === 19 /* SQLITE_CONSTRAINT */) {
          throw new DatabaseError(
            `DB_FILE ${file}: record ${index} of "${key}" has the id ${JSON.stringify(record.id)}, which an earlier record has too (ids compare as strings, so 1 and "1" are one id); give each record its own id`,
          );
        }
        throw err;
      }
    });
    const addResource = sql.prepare(
      'INSERT INTO resources (name, pos, list, value, last_id) VALUES (?, ?, ?, ?, ?)',
    );
    let pos = 0;
    for (const name of imported.lists)
      addResource.run(name, pos++, 1, null, imported.lastIds.get(name) ?? 0);
    for (const [name, value] of imported.values)
      addResource.run(name, pos++, 0, JSON.stringify(value), 0);
    sql.prepare(`INSERT INTO meta (key, value) VALUES ('seeded', ?)`).run(new Date().toISOString());
    crashPoint('import-before-commit');
    sql.exec('COMMIT');
    crashPoint('import-committed');
  } catch (err) {
    rollback(sql);
    if (err instanceof DatabaseError) throw err;
    throw new DatabaseError(`importing ${file} failed, nothing was imported: ${message(err)}`);
  }
}

/** Reads every resource and record, one row at a time, in the order json-server keeps them. */
function loadState(sql: DatabaseSync): {
  state: DbState;
  lists: Map<string, Rec[]>;
  lastIds: Map<string, number>;
} {
  const state: DbState = {};
  const lists = new Map<string, Rec[]>();
  const lastIds = new Map<string, number>();
  for (const row of sql
    .prepare('SELECT name, list, value, last_id FROM resources ORDER BY pos')
    .iterate()) {
    const name = String(row.name);
    if (row.list) {
      const items: Rec[] = [];
      lists.set(name, items);
      lastIds.set(name, Number(row.last_id));
      if (!name.startsWith('$')) state[name] = items;
    } else {
      state[name] = JSON.parse(String(row.value));
    }
  }
  for (const row of sql.prepare('SELECT resource, body FROM records ORDER BY seq').iterate()) {
    lists.get(String(row.resource))?.push(JSON.parse(String(row.body)) as Rec);
  }
  return { state, lists, lastIds };
}

/** The state json-server serves: `$` keys (e.g. `$schema`) are kept in the store but not served. */
function servedState(loaded: ReturnType<typeof loadState>): DbState {
  return Object.fromEntries(Object.entries(loaded.state).filter(([k]) => !k.startsWith('$')));
}

function collectionsOf(loaded: ReturnType<typeof loadState>): Map<string, Collection> {
  const collections = new Map<string, Collection>();
  for (const [name, items] of loaded.lists) {
    collections.set(name, new Collection(name, items, loaded.lastIds.get(name) ?? 0));
  }
  return collections;
}

async function openReadOnly(
  file: string,
  storeFile: string,
  storeExists: boolean,
  seed: DbState,
): Promise<Database> {
  let loaded: ReturnType<typeof loadState>;
  if (storeExists) {
    try {
      const sql = new DatabaseSync(storeFile, { readOnly: true, timeout: 5000 });
      try {
        loaded = loadState(sql);
      } finally {
        sql.close();
      }
    } catch (err) {
      throw new DatabaseError(
        `${storeFile} cannot be read read-only (${message(err)}); if it was not stopped cleanly, start it once writable and stop it with SIGTERM`,
      );
    }
  } else {
    // No store yet: serve db.json (or the built-in seed) from memory.
    const lists = new Map<string, Rec[]>();
    const listOf = (key: string) => lists.get(key) ?? lists.set(key, []).get(key)!;
    const imported = await collectSeed(file, seed, (key, _i, record) => listOf(key).push(record));
    const state: DbState = {};
    for (const name of imported.lists) state[name] = listOf(name);
    for (const [name, value] of imported.values) state[name] = value;
    loaded = { state, lists, lastIds: imported.lastIds };
  }
  const state = servedState(loaded);
  const collections = collectionsOf(loaded);
  const refuse = () => Promise.reject(new Error('READ_ONLY=true: writes are disabled'));
  return {
    file,
    storeFile,
    state,
    collections,
    commits: new GroupCommit<Op>({ persist: refuse }),
    durable: false,
    write: refuse,
    durableState: () => state,
    close: async () => undefined,
  };
}

/**
 * What the store holds, read beside a running writer (WAL lets readers in) or
 * after a crash (the connection recovers the WAL). Only reads; no lock taken.
 */
export function readStore(file: string): DbState {
  const sql = new DatabaseSync(`${file}.sqlite`, { timeout: 5000 });
  try {
    const loaded = loadState(sql);
    const lastIds = Object.fromEntries([...loaded.lastIds].filter(([, n]) => n > 0));
    return { ...servedState(loaded), [META_KEY]: { lastIds } };
  } finally {
    sql.close();
  }
}

function liveDatabase(
  file: string,
  storeFile: string,
  sql: DatabaseSync,
  lock: WriterLock,
  onDurable: OpenOptions['onDurable'],
): Database {
  const loaded = loadState(sql);
  crashPoint('loaded');
  const state = servedState(loaded);
  const collections = collectionsOf(loaded);
  const dir = dirname(file);

  const upsert = sql.prepare(
    'INSERT INTO records (resource, id, body) VALUES (?, ?, ?) ON CONFLICT (resource, id) DO UPDATE SET body = excluded.body',
  );
  const remove = sql.prepare('DELETE FROM records WHERE resource = ? AND id = ?');
  const setLastId = sql.prepare('UPDATE resources SET last_id = max(last_id, ?) WHERE name = ?');

  let durable = true;
  let probeTimer: NodeJS.Timeout | undefined;
  const setDurable = (value: boolean, err?: unknown) => {
    if (value === durable) return;
    durable = value;
    onDurable?.(value, err);
    if (!value) {
      probeTimer = setInterval(() => {
        probeDisk(dir, basename(storeFile)).then(
          () => setDurable(true),
          () => undefined,
        );
      }, PROBE_EVERY_MS);
      probeTimer.unref();
    } else {
      clearInterval(probeTimer);
    }
  };

  const persistBatch = (ops: readonly Op[]) => {
    sql.exec('BEGIN IMMEDIATE');
    try {
      const touched = new Set<string>();
      for (const op of ops) {
        if ('set' in op) upsert.run(op.r, String(op.set.id), JSON.stringify(op.set));
        else remove.run(op.r, op.del);
        touched.add(op.r);
      }
      // Ids are never reused: the highest one handed out is stored with the change.
      for (const r of touched) setLastId.run(collections.get(r)?.lastId ?? 0, r);
      crashPoint('write-before-commit');
      sql.exec('COMMIT');
      crashPoint('write-committed');
    } catch (err) {
      rollback(sql);
      throw err;
    }
  };

  const commits = new GroupCommit<Op>({
    persist: async (ops) => {
      // One turn of the event loop first, so requests already received join this transaction.
      await new Promise((resolve) => setImmediate(resolve));
      persistBatch(ops);
    },
    onOutcome: (err) => setDurable(err === undefined, err),
  });

  let closed = false;
  return {
    file,
    storeFile,
    state,
    collections,
    commits,
    get durable() {
      return durable;
    },
    write(op: Op) {
      const collection = collections.get(op.r);
      if (!collection) return Promise.reject(new Error(`no array resource named ${op.r}`));
      if (closed) return Promise.reject(new Error('the database is closed'));
      return commits.commit(op, () => collection.apply(op));
    },
    durableState() {
      const again = loadState(sql);
      const out = servedState(again);
      const lastIds = Object.fromEntries([...again.lastIds].filter(([, n]) => n > 0));
      return { ...out, [META_KEY]: { lastIds } };
    },
    async close() {
      if (closed) return undefined;
      clearInterval(probeTimer);
      await commits.idle();
      closed = true;
      let warning: string | undefined;
      try {
        sql.exec(`DELETE FROM meta WHERE key = 'owner'`);
      } catch {
        // the next owner overwrites it
      }
      crashPoint('close-before-checkpoint');
      try {
        // Not needed for durability (the WAL is), but leaves one self-contained file.
        const { busy } = sql.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get() as { busy: number };
        if (busy)
          warning = `readers kept the WAL from being folded into ${storeFile}; it is safe in ${storeFile}-wal`;
        crashPoint('close-after-checkpoint');
      } catch (err) {
        warning = `the WAL could not be folded into ${storeFile} (${message(err)}); the data is safe in ${storeFile}-wal and is folded at the next start`;
      }
      // The connection stays open until the process exits. Closing the last one makes
      // SQLite remove -wal and -shm (empty after the checkpoint), and a start on a disk that
      // is still full could not create them again, so it could not even read its data.
      lock.release();
      return warning;
    },
  };
}

/** Undoes an open transaction; SQLite may have rolled it back itself (e.g. on SQLITE_FULL). */
function rollback(sql: DatabaseSync): void {
  try {
    if (sql.isTransaction) sql.exec('ROLLBACK');
  } catch {
    // the error that led here is the one to report
  }
}

/** Can the disk take a write again? A page written, fsynced, removed. */
async function probeDisk(dir: string, base: string): Promise<void> {
  const probe = join(dir, `.${base}.probe.tmp`);
  try {
    const fh = await open(probe, 'w');
    try {
      await fh.writeFile(Buffer.alloc(64 * 1024));
      await fh.sync();
    } finally {
      await fh.close();
    }
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
}
