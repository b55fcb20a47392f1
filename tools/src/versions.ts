/** Reads tools/versions.env, the one place for pinned tool versions. */
import { readFile } from 'node:fs/promises';
import { workspacePath } from '@loadlab/workspace';

export async function loadVersions(): Promise<Record<string, string>> {
  const text = await readFile(workspacePath('tools/versions.env'), 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .map((l) => /^([A-Z0-9_]+)=(.*)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
}
