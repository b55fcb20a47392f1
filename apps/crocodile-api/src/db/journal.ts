/**
 * The append-only journal: one JSON line per change, fdatasync'd before any
 * write is acknowledged. Appending a few hundred bytes costs the same whether
 * the db holds 8 records or 100,000; the full snapshot is rewritten only at
 * compaction. If an append fails, the file is cut back to its last good length,
 * so a change that was answered with 5xx can never come back at a restart.
 */
import { open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export class Journal {
  readonly file: string;
  /** Bytes known to be durable; everything past this is cut off before the next append. */
  #goodLength = 0;
  #dirtyTail = false;

  private constructor(file: string) {
    this.file = file;
  }

  /** Opens (creating it durably if needed) and cuts off a torn tail past `validLength`. */
  static async open(file: string, validLength: number): Promise<Journal> {
    const journal = new Journal(file);
    await withFile(file, async (fh) => {
      const { size } = await fh.stat();
      if (size !== validLength) {
        await fh.truncate(validLength);
        await fh.datasync();
      }
    });
    journal.#goodLength = validLength;
    await syncDir(dirname(file));
    return journal;
  }

  get length(): number {
    return this.#goodLength;
  }

  /**
   * Opened for each batch and closed after: a file held open for writing would
   * stop an operator from remounting the volume read-only (EBUSY). An open and
   * a close cost microseconds next to the fdatasync.
   */
  async append(text: string): Promise<void> {
    const data = Buffer.from(text, 'utf8');
    await withFile(this.file, async (fh) => {
      try {
        if (this.#dirtyTail) await this.#cutBack(fh);
        await fh.appendFile(data);
        await fh.datasync();
        this.#goodLength += data.length;
      } catch (err) {
        this.#dirtyTail = true;
        await this.#cutBack(fh).catch(() => undefined);
        throw err;
      }
    });
  }

  /**
   * Renames the journal to `to` and starts an empty one, durably: the caller
   * writes a snapshot in the background while new changes go to the new file.
   * Call it between batches only.
   */
  async rotate(to: string): Promise<void> {
    if (this.#dirtyTail) await withFile(this.file, (fh) => this.#cutBack(fh));
    await rename(this.file, to);
    this.#goodLength = 0;
    await withFile(this.file, (fh) => fh.datasync());
    await syncDir(dirname(this.file));
  }

  /** After a compaction: the snapshot holds everything, so the journal starts over. */
  async reset(): Promise<void> {
    await withFile(this.file, async (fh) => {
      await fh.truncate(0);
      await fh.datasync();
    });
    this.#goodLength = 0;
    this.#dirtyTail = false;
  }

  async #cutBack(fh: FileHandle): Promise<void> {
    await fh.truncate(this.#goodLength);
    await fh.datasync();
    this.#dirtyTail = false;
  }
}

async function withFile(file: string, fn: (fh: FileHandle) => Promise<void>): Promise<void> {
  const fh = await open(file, 'a+', 0o644);
  try {
    await fn(fh);
  } finally {
    await fh.close();
  }
}

export async function syncDir(dir: string): Promise<void> {
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

/** Parses journal text: the ops, and the length of the part that ends in whole lines. */
export function parseJournal<T>(text: string, file: string): { ops: T[]; validLength: number } {
  const ops: T[] = [];
  let offset = 0;
  let validLength = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    if (end === -1) break; // a torn last line: never acknowledged (its fsync never returned)
    const line = text.slice(offset, end);
    try {
      ops.push(JSON.parse(line) as T);
    } catch {
      const rest = text.slice(end + 1);
      if (rest.length === 0) break; // torn last line that happens to end in \n
      throw new Error(
        `journal ${file} has a corrupt line at byte ${Buffer.byteLength(text.slice(0, offset))}; move it aside to start without it`,
      );
    }
    offset = end + 1;
    validLength += Buffer.byteLength(line, 'utf8') + 1;
  }
  return { ops, validLength };
}
