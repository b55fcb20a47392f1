/**
 * Path options of the CLIs, checked before any work starts: a bad one is refused with its name
 * and the reason, never found out half-way. Directories are made one level at a time: Node 24's
 * recursive mkdir, sync and async alike, loops forever on a parent that exists but cannot hold
 * children (/proc/nope answers ENOENT, so it retries the parent, which exists).
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
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

function nonEmpty(option: string, path: string): string {
  if (path.trim() === '') throw new PathOptionError(`--${option} is empty: give a path`);
  return resolve(path);
}

/** mkdir -p without the loop: each missing level, from the nearest one that exists. */
function makeDirs(abs: string): void {
  const missing: string[] = [];
  for (let p = abs; !existsSync(p); p = dirname(p)) missing.unshift(p);
  for (const p of missing) mkdirSync(p);
}

/** Makes abs (if missing) and proves a file can be written in it. */
function makeWritableDir(abs: string): void {
  makeDirs(abs);
  const probe = join(abs, `.loadlab-probe-${process.pid}`);
  writeFileSync(probe, '');
  rmSync(probe);
}

/** A directory the run will write into: created now if missing, and proven writable. */
export function checkOutputDir(option: string, path: string): string {
  const abs = nonEmpty(option, path);
  try {
    makeWritableDir(abs);
  } catch (err) {
    throw new PathOptionError(
      `--${option}=${path}: not a directory loadlab can write to (${reason(err)}); choose a writable directory`,
    );
  }
  return abs;
}

/** A file the run will write: not a directory, and in a directory it can write into. */
export function checkOutputFile(option: string, path: string): string {
  const abs = nonEmpty(option, path);
  if (existsSync(abs) && statSync(abs).isDirectory())
    throw new PathOptionError(`--${option}=${path} is a directory: give the path of a file`);
  try {
    makeWritableDir(dirname(abs));
  } catch (err) {
    throw new PathOptionError(
      `--${option}=${path}: its directory is not one loadlab can write to (${reason(err)}); choose a writable place`,
    );
  }
  return abs;
}

/** A file the run reads: it must exist, be a regular file, and be readable. */
export function checkInputFile(option: string, path: string): string {
  const abs = nonEmpty(option, path);
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
