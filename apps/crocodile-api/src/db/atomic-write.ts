/**
 * Replaces a file so that a crash at any moment leaves either the old or the
 * new content, never a mix: write a temp file, fsync it, rename it over the
 * target, then fsync the directory so the rename itself is durable.
 */
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * `data` may come in pieces: each is written with its own await, so a large
 * file does not hold the event loop while it is produced.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Iterable<string>,
): Promise<void> {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.tmp`);
  try {
    const fh = await open(tmp, 'w', 0o644);
    try {
      if (typeof data === 'string') await fh.writeFile(data, 'utf8');
      else for (const chunk of data) await fh.write(chunk, null, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}
