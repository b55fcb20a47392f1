import { existsSync } from 'node:fs';
import { join } from 'node:path';

export class MissingBinaryError extends Error {}

/** The full path of a program on PATH (of env, this process's by default), or undefined. */
export function findBinary(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(':')) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

/** The full path of a program on PATH, or a clear error saying how to install it. */
export function requireBinary(name: string, install: string): string {
  const found = findBinary(name);
  if (found) return found;
  throw new MissingBinaryError(`${name} not found on PATH; install it: ${install}`);
}
