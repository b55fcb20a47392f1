/**
 * Path options of the CLIs, checked before any work starts: a bad one is refused with its name
 * and the reason, never found out half-way, and a check leaves nothing behind.
 * Directories are made one level at a time: Node 24's recursive mkdir, sync and async alike,
 * loops forever on a parent that exists but cannot hold children (/proc/nope answers ENOENT,
 * so it retries the parent, which exists). Once a check has shown that a directory can be made,
 * the run's own recursive mkdir is safe.
 */
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export class PathOptionError extends Error {}

const reason = (err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message.replace(/^\w+: /, '')}` : String(e.message ?? e);
};

/**
 * The absolute path. Relative paths are the caller's: ./loadlab changes into the checkout, so it
 * passes the folder the user typed in as LOADLAB_CALLER_DIR.
 */
function absolute(option: string, path: string): string {
  if (path.trim() === '') throw new PathOptionError(`--${option} is empty: give a path`);
  if (path.startsWith('~'))
    throw new PathOptionError(
      `--${option}=${path}: the shell does not expand ~ after '='; write $HOME/${path.replace(/^~\/?/, '')} or a path without ~`,
    );
  return resolve(process.env.LOADLAB_CALLER_DIR ?? process.cwd(), path);
}

/** Makes abs and any missing parents, proves a file can be written in it, then undoes all it made. */
function proveWritableDir(abs: string): void {
  const missing: string[] = [];
  for (let p = abs; !existsSync(p); p = dirname(p)) missing.unshift(p);
  const made: string[] = [];
  try {
    for (const p of missing) {
      mkdirSync(p);
      made.push(p);
    }
    const probe = join(abs, `.loadlab-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } finally {
    for (const p of made.reverse()) rmdirSync(p);
  }
}

/** A directory the run will write into (made by the run): it can be made, and written in. */
export function checkOutputDir(option: string, path: string): string {
  const abs = absolute(option, path);
  try {
    proveWritableDir(abs);
  } catch (err) {
    throw new PathOptionError(
      `--${option}=${path}: not a directory loadlab can write to (${reason(err)}); choose a writable directory`,
    );
  }
  return abs;
}

/** A file the run will write: not a directory nor a link to nowhere, in a directory it can write in. */
export function checkOutputFile(option: string, path: string): string {
  const abs = absolute(option, path);
  if (existsSync(abs) && statSync(abs).isDirectory())
    throw new PathOptionError(`--${option}=${path} is a directory: give the path of a file`);
  let dangling = false;
  try {
    dangling = lstatSync(abs).isSymbolicLink() && !existsSync(abs);
  } catch {
    // Missing is fine: the run creates it.
  }
  if (dangling)
    throw new PathOptionError(
      `--${option}=${path} is a symbolic link to nothing: give a file path`,
    );
  try {
    proveWritableDir(dirname(abs));
  } catch (err) {
    throw new PathOptionError(
      `--${option}=${path}: its directory is not one loadlab can write to (${reason(err)}); choose a writable place`,
    );
  }
  return abs;
}

/** A file the run reads: it must exist, be a regular file, and be readable. */
export function checkInputFile(option: string, path: string): string {
  const abs = absolute(option, path);
  try {
    if (!statSync(abs).isFile())
      throw new PathOptionError(`--${option}=${path} is not a regular file`);
    closeSync(openSync(abs, 'r'));
  } catch (err) {
    if (err instanceof PathOptionError) throw err;
    throw new PathOptionError(`--${option}=${path}: cannot read it (${reason(err)})`);
  }
  return abs;
}
