/** promtool and amtool on the rendered configs, and `promtool test rules` with one case per alert. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSync } from '@loadlab/process-supervisor';

export function inTempDir<T>(files: Record<string, string>, fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-validate-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a tool; returns its stdout, or throws a RunError naming it with its last lines. */
export const tool = (cmd: string, args: string[], cwd: string): string =>
  runSync(cmd, args, { cwd }).stdout;
