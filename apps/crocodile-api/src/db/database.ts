/**
 * The JSON database: `DB_FILE` holds a snapshot, `DB_FILE.journal` the changes
 * since. Compaction renames the journal to `DB_FILE.journal.<n>`, starts a new
 * one, and writes the snapshot in the background in small pieces, so writes
 * go on meanwhile; the old journal is removed once the snapshot is durable.
 * At startup every journal is replayed in order (a change replayed twice gives
 * the same state) and compacted into the snapshot, temp files left by a crash
 * are removed, and a file that cannot be parsed stops startup (it is never
 * overwritten).
 */
import { access, constants, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { Collection, type Op, type Rec } from './collection.ts';
import { GroupCommit } from './group-commit.ts';
import { Journal, parseJournal, syncDir } from './journal.ts';
import { serialize, snapshotChunks, type DbState } from './snapshot-text.ts';

export { serialize, type DbState };

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
  /** Journal size that triggers a compaction, at least; 4 MiB by default. */
  readonly compactBytes?: number;
  /** Called when durability changes (for logs). */
  readonly onDurable?: (durable: boolean, err?: unknown) => void;
}

export async function openDatabase({
  file,
  seed,
  readOnly = false,
  compactBytes = MIN_COMPACT_BYTES,
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

  // Journals left by a compaction that did not finish, oldest first, then the current one.
  const rotated = await rotatedJournals(journalFile);
  let replayed = 0;
  let replay = { ops: [] as Op[], validLength: 0 };
  for (const f of [...rotated, journalFile]) {
    replay = readJournal(f, await readOptional(f));
    for (const op of replay.ops) collections.get(op.r)?.apply(op);
    replayed += replay.ops.length;
  }

  /**
   * The state as it is now, cheap to take: arrays are copied (pointers only),
   * records are never changed in place (a write replaces the whole record).
   */
  const view = (): DbState => {
    const lastIds: Record<string, number> = {};
    for (const c of collections.values()) if (c.lastId > 0) lastIds[c.name] = c.lastId;
    const resources = Object.fromEntries(
      Object.entries(state).map(([k, v]) => [k, Array.isArray(v) ? v.slice() : v]),
    );
    return { ...raw$(raw), ...resources, [META_KEY]: { lastIds } satisfies Meta };
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

  let snapshotBytes = text?.length ?? 0;
  const writeSnapshot = async (snapshot: DbState) => {
    let bytes = 0;
    const counted = function* () {
      for (const chunk of snapshotChunks(snapshot)) {
        bytes += chunk.length;
        yield chunk;
      }
    };
    await writeFileAtomic(file, counted());
    snapshotBytes = bytes;
  };
  // Fold the journals into the snapshot (or create the file from the seed) before serving.
  if (text === undefined || replayed > 0) {
    try {
      await writeSnapshot(view());
    } catch (err) {
      throw new DatabaseError(`DB_FILE ${file} could not be written: ${(err as Error).message}`);
    }
  }
  let journal: Journal;
  try {
    journal = await Journal.open(journalFile, replayed > 0 ? 0 : replay.validLength);
    await removeJournals(rotated);
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
  let compactAt = Math.max(compactBytes, snapshotBytes);
  let generation = 0;
  let compacting: Promise<void> | undefined;
  /** Between batches: rotate the journal and take the view; the snapshot itself is written after. */
  const startCompaction = async (): Promise<() => Promise<void>> => {
    const old = `${journalFile}.${++generation}`;
    await journal.rotate(old);
    const snapshot = view();
    return async () => {
      try {
        await writeSnapshot(snapshot);
        // Everything in this journal and the older ones is in the snapshot now.
        await removeJournals(
          (await rotatedJournals(journalFile)).filter((f) => gen(f) <= gen(old)),
        );
      } finally {
        compactAt = journal.length + Math.max(compactBytes, snapshotBytes);
      }
    };
  };
  /** One snapshot at a time: two would share the temp file. */
  const compact = async () => {
    while (compacting) await compacting;
    const run = commits.between(startCompaction).then((finish) => finish());
    compacting = run.catch(() => undefined).finally(() => (compacting = undefined));
    await run;
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
      if (compacting || journal.length <= compactAt) return;
      compactAt = Infinity; // until this one ends
      const started = startCompaction(); // the rotation, here between batches
      compacting = started
        .then((finish) => finish()) // the snapshot, while writes go on
        .catch(() => {
          compactAt = journal.length + Math.max(compactBytes, snapshotBytes);
        })
        .finally(() => (compacting = undefined));
      await started.catch(() => undefined);
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
    compact,
    async close() {
      clearInterval(probeTimer);
      await commits.idle();
      while (compacting) await compacting;
      const pending = (await rotatedJournals(journalFile)).length > 0;
      if (journal.length > 0 || pending) await compact().catch(() => undefined);
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

const gen = (f: string) => Number(f.slice(f.lastIndexOf('.') + 1));

/** `<journal>.<n>` files beside the journal, oldest (lowest n) first. */
async function rotatedJournals(journalFile: string): Promise<string[]> {
  const dir = dirname(journalFile);
  const prefix = `${basename(journalFile)}.`;
  return (await readdir(dir).catch(() => [] as string[]))
    .filter((n) => n.startsWith(prefix) && /^[1-9]\d{0,9}$/.test(n.slice(prefix.length)))
    .map((n) => join(dir, n))
    .sort((a, b) => gen(a) - gen(b));
}

async function removeJournals(files: readonly string[]): Promise<void> {
  if (!files.length) return;
  for (const f of files) await rm(f, { force: true });
  await syncDir(dirname(files[0]!));
}

async function readOptional(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new DatabaseError(`${file} cannot be read: ${(err as Error).message}`);
  }
}

function readJournal(file: string, text: string): { ops: Op[]; validLength: number } {
  try {
    return parseJournal<Op>(text, file);
  } catch (err) {
    throw new DatabaseError((err as Error).message);
  }
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
