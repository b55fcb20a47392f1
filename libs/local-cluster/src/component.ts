/**
 * One process of the cluster: started with its log in workDir/logs/<name>.log, awaited with a
 * bounded readiness check that fails early if the process exits, and always with the last
 * lines of that process's log in the error.
 */
import { join } from 'node:path';
import { startProcess, waitFor, type Proc } from '@loadlab/process-supervisor';

export interface Component {
  readonly name: string;
  readonly proc: Proc;
  readonly logFile: string;
  stop(): Promise<void>;
}

export interface ComponentSpec {
  readonly name: string;
  readonly binary: string;
  readonly args: readonly string[];
  readonly logDir: string;
  readonly env?: NodeJS.ProcessEnv;
  /** SIGTERM, then SIGKILL after this long. */
  readonly graceMs?: number;
}

export function startComponent(s: ComponentSpec): Component {
  const logFile = join(s.logDir, `${s.name}.log`);
  const proc = startProcess(s.binary, s.args, {
    logFile,
    env: { ...process.env, ...s.env },
  });
  return {
    name: s.name,
    proc,
    logFile,
    stop: async () => void (await proc.stop('SIGTERM', s.graceMs ?? 5_000)),
  };
}

/** The last lines of what the component printed (all of it is in its log file). */
export function lastLines(c: Component, n = 15): string {
  return c.proc
    .output()
    .trimEnd()
    .split('\n')
    .slice(-n)
    .map((l) => `    ${l.length > 400 ? `${l.slice(0, 400)}...` : l}`)
    .join('\n');
}

export class ComponentNotReadyError extends Error {}

/**
 * Polls `check` until it returns true, at most timeoutMs, failing fast if the process exits.
 * A component that does not get ready is stopped (by PID) before the error is thrown.
 */
export async function waitUntilReady(
  c: Component,
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const gaveUp = new AbortController();
  const exited = c.proc.exited.then((code) => {
    throw new Error(`${c.name} exited (${code}) before ${what}`);
  });
  try {
    await Promise.race([
      waitFor(async () => (await check()) || undefined, {
        what: `${c.name}: ${what}`,
        timeoutMs,
        intervalMs: 250,
        signal: gaveUp.signal,
      }),
      exited,
    ]);
  } catch (err) {
    await c.stop();
    throw new ComponentNotReadyError(
      `${(err as Error).message}\n  last lines of ${c.logFile}:\n${lastLines(c)}`,
    );
  } finally {
    gaveUp.abort();
    exited.catch(() => undefined);
  }
}
