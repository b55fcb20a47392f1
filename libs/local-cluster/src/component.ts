/**
 * One process of the cluster: started with its log in workDir/logs/<name>.log, awaited with a
 * bounded readiness check that fails early if the process exits, and always with the last
 * lines of that process's output in the error. The process handling is @loadlab/process-supervisor's.
 */
import { join } from 'node:path';
import { startProcess, waitUntilReady, type Proc } from '@loadlab/process-supervisor';

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
    name: s.name,
    logFile,
    env: { ...process.env, ...s.env },
    // A Ctrl-C at the terminal must not stop containerd or the kubelet under their pods: the
    // teardown stops each in order (pods, node, control plane), and leaves nothing behind.
    ownProcessGroup: true,
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
  return c.proc.lastLines(n);
}

export class ComponentNotReadyError extends Error {}

/**
 * Polls `check` until it returns true, at most timeoutMs, failing fast if the process exits.
 * A component that does not get ready is stopped (by PID) before the error is thrown.
 */
export async function waitForComponent(
  c: Component,
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  try {
    await waitUntilReady(c.proc, async () => (await check()) || undefined, {
      what,
      timeoutMs,
      intervalMs: 250,
      stopOnFailure: false,
    });
  } catch (err) {
    await c.stop();
    throw new ComponentNotReadyError(`${(err as Error).message}\n  (all of it is in ${c.logFile})`);
  }
}
