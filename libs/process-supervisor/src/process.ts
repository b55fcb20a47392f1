/**
 * Child processes that are always stopped by PID (SIGTERM, then SIGKILL after a bound), even
 * when the caller fails half-way or the parent itself is stopped by SIGINT or SIGTERM.
 * execa does the spawning and the signal-safe cleanup (it hooks SIGINT, SIGTERM and exit through
 * signal-exit); this file adds bounded output capture, the stop protocol and a failed-start shape.
 */
// A type only: execa's subprocess is a ChildProcess, which Proc exposes for stream access.
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { basename } from 'node:path';
import { execa } from 'execa';
import { onExit } from 'signal-exit';
import { outputTail } from './output-tail.ts';
import { waitFor } from './wait-for.ts';

export interface Proc {
  readonly pid: number;
  /** What error messages call it: the name given, or the program's file name. */
  readonly name: string;
  readonly child: ChildProcess;
  /** The last MiB of stdout and stderr (all of it is in logFile, if one was given). */
  output(): string;
  /** The last n lines of stderr, or of all output when stderr said nothing. */
  lastLines(n?: number): string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends a signal by PID and waits for exit; escalates to SIGKILL after graceMs. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | string>;
}

export interface StartOptions {
  /** The whole environment of the child (the parent's by default). */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Also write all output here. */
  readonly logFile?: string;
  /** For error messages; the program's file name by default. */
  readonly name?: string;
  /** Sees every chunk of stdout and stderr as it arrives (progress for long runs). */
  readonly onOutput?: (chunk: string) => void;
  /**
   * Its own process group: a terminal's Ctrl-C (SIGINT to the whole foreground group) then reaches
   * only this process, which stops the child in order, rather than every child at once. It is
   * still stopped by PID, and killed on this process's exit like any other.
   */
  readonly ownProcessGroup?: boolean;
}

const KEEP_BYTES = 1024 * 1024;
const running = new Set<ChildProcess>();
// execa's cleanup sends SIGTERM on exit and on SIGINT/SIGTERM of this process; on an ordinary
// exit nothing waits for a graceful stop any more, so whatever is left gets SIGKILL too.
process.once('exit', () => {
  for (const c of running) if (c.pid) signalPid(c.pid, 'SIGKILL');
});

export function startProcess(
  command: string,
  args: readonly string[],
  options: StartOptions = {},
): Proc {
  const name = options.name ?? basename(command);
  const child = execa(command, args, {
    env: options.env ?? process.env,
    extendEnv: false,
    cwd: options.cwd,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    cleanup: true,
    detached: options.ownProcessGroup ?? false,
    // stop() escalates on its own bound.
    forceKillAfterDelay: false,
  });
  // execa's cleanup leaves detached children alone; a SIGTERM to this process (with no handler of
  // its own) must still stop them, as it stops the others.
  if (options.ownProcessGroup) {
    const removeExitHandler = onExit(() => void child.kill());
    void child.finally(removeExitHandler);
  }
  let log: WriteStream | undefined;
  if (options.logFile) log = createWriteStream(options.logFile, { flags: 'a' });
  let out = '';
  let err = '';
  const keep = (s: string, d: string) => {
    s += d;
    return s.length > 2 * KEEP_BYTES ? s.slice(-KEEP_BYTES) : s;
  };
  const onData = (d: string) => {
    out = keep(out, d);
    log?.write(d);
    options.onOutput?.(d);
  };
  child.stdout?.setEncoding('utf8').on('data', onData);
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err = keep(err, d);
    onData(d);
  });
  // A plain promise, not the subprocess: execa's subprocess is itself a thenable.
  const exited: Promise<number | string> = child.then((result) => {
    running.delete(child);
    log?.end();
    if (result.failed && result.exitCode === undefined && !result.signal) {
      const why = `could not start ${command}: ${result.originalMessage ?? result.shortMessage}`;
      out += `\n${why}`;
      err += `\n${why}`;
      return -1;
    }
    return result.exitCode ?? result.signal ?? -1;
  });
  const lastLines = (n = 15) => outputTail(err.trim() ? err : out, n);
  const output = () => out;
  if (child.pid === undefined) return failedStart(name, command, child, exited, output, lastLines);
  running.add(child);
  const pid = child.pid;
  const alive = () => child.exitCode === null && child.signalCode === null;
  const proc: Proc = {
    pid,
    name,
    child,
    output,
    lastLines,
    exited,
    async waitForOutput(pattern, timeoutMs = 15_000) {
      return waitUntilReady(proc, () => out.match(pattern) ?? undefined, {
        what: `printing ${pattern}`,
        timeoutMs,
        stopOnFailure: false,
      });
    },
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (!alive()) return exited;
      signalPid(pid, signal);
      const timer = setTimeout(() => alive() && signalPid(pid, 'SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  return proc;
}

/** A process may exit between the check and the signal: that is not an error. */
function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

function failedStart(
  name: string,
  command: string,
  child: ChildProcess,
  exited: Promise<number | string>,
  output: () => string,
  lastLines: (n?: number) => string,
): Proc {
  return {
    pid: -1,
    name,
    child,
    output,
    lastLines,
    exited,
    waitForOutput: async () => {
      await exited;
      throw new Error(output() || `could not start ${command}`);
    },
    stop: () => exited,
  };
}

export class NotReadyError extends Error {}

export interface ReadyOptions {
  /** What is awaited, for messages: "Prometheus on http://127.0.0.1:9090 to be ready". */
  readonly what: string;
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  /** Stop a process that does not get ready (by PID, SIGTERM then SIGKILL); true by default. */
  readonly stopOnFailure?: boolean;
  /** The first signal of that stop, e.g. SIGKILL for a process that never served anything. */
  readonly stopSignal?: NodeJS.Signals;
  readonly graceMs?: number;
}

/**
 * Polls `check` until it returns a value other than undefined/false, at most timeoutMs. Stops
 * polling as soon as the process dies, and says so with its exit code and last stderr lines.
 */
export async function waitUntilReady<T>(
  proc: Proc,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  o: ReadyOptions,
): Promise<T> {
  const gaveUp = new AbortController();
  const died = proc.exited.then((code) => {
    throw new NotReadyError(`${proc.name} exited (${code}) before ${o.what}`);
  });
  try {
    return await Promise.race([
      waitFor(check, {
        what: `${proc.name}: ${o.what}`,
        timeoutMs: o.timeoutMs ?? 20_000,
        intervalMs: o.intervalMs ?? 50,
        signal: gaveUp.signal,
      }),
      died,
    ]);
  } catch (err) {
    if (o.stopOnFailure ?? true) await proc.stop(o.stopSignal, o.graceMs);
    const tail = proc.lastLines();
    throw new NotReadyError(
      `${(err as Error).message}${tail ? `\n  last lines it printed:\n${tail}` : ''}`,
    );
  } finally {
    gaveUp.abort();
    died.catch(() => undefined);
  }
}
