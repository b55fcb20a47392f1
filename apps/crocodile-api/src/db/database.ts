/**
 * Opens the JSON database: seeds it when missing, refuses to start on a file it
 * cannot parse (rather than overwrite it), and checks that it can be written.
 */
import { access, constants, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { GroupCommit } from './group-commit.ts';

export type DbState = Record<string, unknown>;

export class DatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseError';
  }
}

export interface Database {
  readonly file: string;
  /** The state json-server mutates in memory. */
  readonly state: DbState;
  /** Durable group commit of `state` to `file`. */
  readonly commits: GroupCommit;
}

export interface OpenOptions {
  readonly file: string;
  /** Used to create the file when it does not exist. */
  readonly seed: DbState;
  /** Skip the writability check (read-only mode). */
  readonly readOnly?: boolean;
}

export function serialize(state: DbState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

export async function openDatabase({
  file,
  seed,
  readOnly = false,
}: OpenOptions): Promise<Database> {
  const dir = dirname(file);
  const dirStat = await stat(dir).catch(() => undefined);
  if (!dirStat?.isDirectory()) {
    throw new DatabaseError(
      `DB_FILE directory ${dir} does not exist; create it or point DB_FILE elsewhere`,
    );
  }

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
  }

  let state: DbState;
  if (text === undefined) {
    state = structuredClone(seed);
    if (!readOnly) {
      try {
        await writeFileAtomic(file, serialize(state));
      } catch (err) {
        throw new DatabaseError(`DB_FILE ${file} could not be created: ${(err as Error).message}`);
      }
    }
  } else {
    state = parseState(file, text);
  }

  const commits = new GroupCommit(
    () => serialize(state),
    (data) => writeFileAtomic(file, data),
  );
  return { file, state, commits };
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
    if (typeof value !== 'object' || value === null) {
      throw new DatabaseError(`DB_FILE ${file}: resource "${key}" must be an array or an object`);
    }
  }
  return parsed as DbState;
}
