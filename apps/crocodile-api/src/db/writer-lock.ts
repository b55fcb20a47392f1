/**
 * One writer per DB_FILE. The lock is an SQLite database of its own
 * (`<store>.lock`) held in EXCLUSIVE locking mode: an OS file lock that the
 * kernel releases when the process ends, however it ends, so a SIGKILL never
 * leaves a stale lock. The store itself stays in ordinary WAL mode, so other
 * processes (sqlite3, tests, backups) can read it while the service runs.
 */
import { hostname } from 'node:os';
import { DatabaseSync } from 'node:sqlite';

/** SQLite's SQLITE_BUSY: someone else holds the lock. */
const SQLITE_BUSY = 5;

export interface Owner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

export class LockedError extends Error {}

export interface WriterLock {
  release(): void;
}

export function thisOwner(): Owner {
  return { pid: process.pid, host: hostname(), since: new Date().toISOString() };
}

export function acquireWriterLock(lockFile: string): WriterLock {
  const db = new DatabaseSync(lockFile, { timeout: 0 });
  try {
    db.exec('PRAGMA locking_mode=EXCLUSIVE');
    // A write transaction takes the exclusive lock; EXCLUSIVE mode keeps it until close.
    db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS held(at TEXT); COMMIT');
  } catch (err) {
    db.close();
    if ((((err as { errcode?: number }).errcode ?? 0) & 0xff) === SQLITE_BUSY)
      throw new LockedError(lockFile);
    throw err;
  }
  return { release: () => db.close() };
}
