/** Reads tools/versions.env, the one place for pinned tool versions. */
import { readFile } from 'node:fs/promises';

export const WORKSPACE_ROOT = new URL('../../', import.meta.url).pathname;

export async function loadVersions(): Promise<Record<string, string>> {
  const text = await readFile(new URL('tools/versions.env', `file://${WORKSPACE_ROOT}`), 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .map((l) => /^([A-Z0-9_]+)=(.*)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
}
