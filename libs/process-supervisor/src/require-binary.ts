import { existsSync } from 'node:fs';
import { join } from 'node:path';

export class MissingBinaryError extends Error {}

/** The full path of a program on PATH, or a clear error saying how to install it. */
export function requireBinary(name: string, install: string): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  throw new MissingBinaryError(`${name} not found on PATH; install it: ${install}`);
}
