/**
 * The JSON database: `DB_FILE` holds a snapshot, `DB_FILE.journal` the changes
 * since. At startup the journal is replayed and compacted into the snapshot,
 * temp files left by a crash are removed, and a file that cannot be parsed
 * stops startup (it is never overwritten).
 */
import { access, constants, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { Collection, type Op, type Rec } from './collection.ts';
import { GroupCommit } from './group-commit.ts';
import { Journal, parseJournal } from './journal.ts';

export type DbState = Record<string, unknown>;

/** Top-level db.json keys starting with `$` are not resources (e.g. `$schema`); this one is ours. */
export const META_KEY = '$crocodile-api';
interface Meta {
  /** Per resource, the highest id ever used, so that ids are never reused after a restart. */
  lastIds?: Record<string, number>;
}

/** Compact once the journal outgrows both this and the last snapshot (amortised O(1) per write). */
const MIN_COMPACT_BYTES = 4 * 1024 * 1024;
/** While writes are failing, how often to try the disk again for /readyz. */
const PROBE_EVERY_MS = 1000;

export class DatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseError';
  }
}

export interface Database {
  readonly file: string;
  /** The resources json-server reads. Changed only through write(). */
  readonly state: DbState;
  readonly collections: ReadonlyMap<string, Collection>;
  readonly commits: GroupCommit;
  /** False after a write failed to reach the disk, until a write or a probe succeeds. */
  readonly durable: boolean;
  /** Makes the change durable, then applies it; rejects with nothing changed. */
  write(op: Op): Promise<void>;
  /** Writes a full snapshot and empties the journal. */
  compact(): Promise<void>;
  /** Waits for pending writes, compacts, and closes the journal. */
  close(): Promise<void>;
}

export interface OpenOptions {
  readonly file: string;
  /** Used to create the file when it does not exist. */
  readonly seed: DbState;
  /** Never write (READ_ONLY=true). */
  readonly readOnly?: boolean;
  /** Called when durability changes (for logs). */
  readonly onDurable?: (durable: boolean, err?: unknown) => void;
}

export function serialize(state: DbState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

export async function openDatabase({
  file,
  seed,
  readOnly = false,
  onDurable,
}: OpenOptions): Promise<Database> {
  const dir = dirname(file);
  const dirStat = await stat(dir).catch(() => undefined);
  if (!dirStat?.isDirectory()) {
    throw new DatabaseError(
      `DB_FILE directory ${dir} does not exist; create it or point DB_FILE elsewhere`,
    );
  }
  const journalFile = `${file}.journal`;

  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new DatabaseError(`DB_FILE ${file} cannot be read: ${(err as Error).message}`);
    }
  }

  if (!readOnly) {
    try {
      await access(dir, constants.W_OK);
    } catch {
      throw new DatabaseError(
        `DB_FILE directory ${dir} is not writable; fix its permissions, mount a writable volume, or set READ_ONLY=true`,
      );
    }
    await removeCrashLeftovers(dir, basename(file));
  }

  const raw = text === undefined ? structuredClone(seed) : parseState(file, text);
  const { state, meta } = splitMeta(raw);
  const collections = new Map<string, Collection>();
  for (const [name, value] of Object.entries(state)) {
    if (Array.isArray(value)) {
      collections.set(name, new Collection(name, value as Rec[], meta.lastIds?.[name] ?? 0));
    }
  }

  let journalText = '';
  try {
    journalText = await readFile(journalFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new DatabaseError(`${journalFile} cannot be read: ${(err as Error).message}`);
    }
  }
  let replay: { ops: Op[]; validLength: number };
  try {
    replay = parseJournal<Op>(journalText, journalFile);
  } catch (err) {
    throw new DatabaseError((err as Error).message);
  }
  for (const op of replay.ops) collections.get(op.r)?.apply(op);

  const snapshot = () => {
    const lastIds: Record<string, number> = {};
    for (const c of collections.values()) if (c.lastId > 0) lastIds[c.name] = c.lastId;
    return serialize({ ...raw$(raw), ...state, [META_KEY]: { lastIds } satisfies Meta });
  };

  if (readOnly) {
    const commits = new GroupCommit({
      persist: () => Promise.reject(new Error('READ_ONLY=true: writes are disabled')),
    });
    return {
      file,
      state,
      collections,
      commits,
      durable: false,
      write: () => Promise.reject(new Error('READ_ONLY=true: writes are disabled')),
      compact: async () => undefined,
      close: async () => undefined,
    };
  }

  let snapshotBytes = 0;
  const writeSnapshot = async () => {
    const data = snapshot();
    await writeFileAtomic(file, data);
    snapshotBytes = data.length;
  };
  // Fold the journal into the snapshot (or create the file from the seed) before serving.
  if (text === undefined || replay.ops.length > 0) {
    try {
      await writeSnapshot();
    } catch (err) {
      throw new DatabaseError(`DB_FILE ${file} could not be written: ${(err as Error).message}`);
    }
  } else {
    snapshotBytes = text.length;
  }
  let journal: Journal;
  try {
    journal = await Journal.open(journalFile, replay.ops.length > 0 ? 0 : replay.validLength);
  } catch (err) {
    throw new DatabaseError(`${journalFile} cannot be opened: ${(err as Error).message}`);
  }

  let durable = true;
  let lastFailedBytes = 0;
  let probeTimer: NodeJS.Timeout | undefined;
  const setDurable = (value: boolean, err?: unknown) => {
    if (value === durable) return;
    durable = value;
    onDurable?.(value, err);
    if (!value) {
      probeTimer = setInterval(() => {
        probeDisk(dir, basename(file), Math.max(4096, lastFailedBytes)).then(
          () => setDurable(true),
          () => undefined,
        );
      }, PROBE_EVERY_MS);
      probeTimer.unref();
    } else {
      clearInterval(probeTimer);
    }
  };

  // After a failed compaction (say, a full disk), wait for the journal to grow as much
  // again before the next try, rather than serialising the whole db after every batch.
  let compactAt = Math.max(MIN_COMPACT_BYTES, snapshotBytes);
  const compact = async () => {
    try {
      await writeSnapshot();
      await journal.reset();
    } finally {
      compactAt = journal.length + Math.max(MIN_COMPACT_BYTES, snapshotBytes);
    }
  };
  const commits = new GroupCommit({
    persist: async (lines) => {
      try {
        await journal.append(lines);
      } catch (err) {
        lastFailedBytes = lines.length;
        throw err;
      }
    },
    onOutcome: (err) => setDurable(err === undefined, err),
    afterBatch: async () => {
      if (journal.length > compactAt) await compact();
    },
  });

  return {
    file,
    state,
    collections,
    commits,
    get durable() {
      return durable;
    },
    write(op: Op) {
      const collection = collections.get(op.r);
      if (!collection) return Promise.reject(new Error(`no array resource named ${op.r}`));
      return commits.commit(`${JSON.stringify(op)}\n`, () => collection.apply(op));
    },
    async compact() {
      await commits.idle();
      await compact();
    },
    async close() {
      clearInterval(probeTimer);
      await commits.idle();
      if (journal.length > 0) await compact().catch(() => undefined);
    },
  };
}

/** The `$` keys other than ours, kept as they were (json-server ignores `$schema` too). */
function raw$(raw: DbState): DbState {
  return Object.fromEntries(
    Object.entries(raw).filter(([key]) => key.startsWith('$') && key !== META_KEY),
  );
}

function splitMeta(raw: DbState): { state: DbState; meta: Meta } {
  const state: DbState = {};
  for (const [key, value] of Object.entries(raw)) if (!key.startsWith('$')) state[key] = value;
  const meta = (raw[META_KEY] ?? {}) as Meta;
  return { state, meta: typeof meta === 'object' && meta !== null ? meta : {} };
}

/** Temp files of writeFileAtomic and of the probe, from a process that died mid-write. */
async function removeCrashLeftovers(dir: string, base: string): Promise<void> {
  const prefix = `.${base}.`;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) {
      await rm(join(dir, name), { force: true }).catch(() => undefined);
    }
  }
}

/** Can the disk take a write of this size again? Written, fsynced, removed. */
async function probeDisk(dir: string, base: string, bytes: number): Promise<void> {
  const probe = join(dir, `.${base}.probe.tmp`);
  try {
    const fh = await open(probe, 'w');
    try {
      await fh.writeFile(Buffer.alloc(bytes));
      await fh.sync();
    } finally {
      await fh.close();
    }
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
}

function parseState(file: string, text: string): DbState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new DatabaseError(
      `DB_FILE ${file} is not valid JSON (${(err as Error).message}); it was left untouched`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DatabaseError(
      `DB_FILE ${file} must hold a JSON object of resources, like {"crocodiles": [...]}`,
    );
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (key.startsWith('$')) continue;
    if (typeof value !== 'object' || value === null) {
      throw new DatabaseError(`DB_FILE ${file}: resource "${key}" must be an array or an object`);
    }
  }
  return parsed as DbState;
}
