/**
 * Child processes that are always stopped by PID (SIGTERM, then SIGKILL),
 * even when the caller fails half-way: the demo and the tests both use them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { waitFor } from './wait-for.ts';

export interface Proc {
  readonly pid: number;
  readonly child: ChildProcess;
  /** The last MiB of stdout and stderr (all of it is in logFile, if one was given). */
  output(): string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends a signal by PID and waits for exit; escalates to SIGKILL after graceMs. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | string>;
}

export interface StartOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Also write all output here. */
  readonly logFile?: string;
}

const KEEP_BYTES = 1024 * 1024;
const running = new Set<ChildProcess>();
// Last resort: nothing we started outlives us, whatever path the exit takes.
process.once('exit', () => {
  for (const c of running) if (c.pid) process.kill(c.pid, 'SIGKILL');
});

export function startProcess(
  command: string,
  args: readonly string[],
  options: StartOptions = {},
): Proc {
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log: WriteStream | undefined;
  if (options.logFile) log = createWriteStream(options.logFile, { flags: 'a' });
  let out = '';
  const onData = (d: string) => {
    out += d;
    if (out.length > 2 * KEEP_BYTES) out = out.slice(-KEEP_BYTES);
    log?.write(d);
  };
  child.stdout?.setEncoding('utf8').on('data', onData);
  child.stderr?.setEncoding('utf8').on('data', onData);
  const exited = new Promise<number | string>((resolve) => {
    child.once('close', (code, signal) => {
      running.delete(child);
      log?.end();
      resolve(code ?? signal ?? -1);
    });
    child.once('error', (err) => {
      running.delete(child);
      out += `\ncould not start ${command}: ${err.message}`;
      log?.end();
      resolve(-1);
    });
  });
  if (child.pid === undefined) {
    return failedStart(command, child, exited, () => out);
  }
  running.add(child);
  const pid = child.pid;
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    pid,
    child,
    output: () => out,
    exited,
    async waitForOutput(pattern, timeoutMs = 15_000) {
      const gaveUp = new AbortController();
      const early = exited.then((code) => {
        throw new Error(
          `${command} exited (${code}) before printing ${pattern}:\n${out.slice(-2000)}`,
        );
      });
      try {
        return await Promise.race([
          waitFor(() => out.match(pattern) ?? undefined, {
            what: `${command} to print ${pattern}`,
            timeoutMs,
            signal: gaveUp.signal,
          }),
          early,
        ]);
      } finally {
        gaveUp.abort();
        early.catch(() => undefined);
      }
    },
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (!alive()) return exited;
      process.kill(pid, signal);
      const timer = setTimeout(() => alive() && process.kill(pid, 'SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function failedStart(
  command: string,
  child: ChildProcess,
  exited: Promise<number | string>,
  output: () => string,
): Proc {
  return {
    pid: -1,
    child,
    output,
    exited,
    waitForOutput: async () => {
      await exited;
      throw new Error(output() || `could not start ${command}`);
    },
    stop: () => exited,
  };
}
