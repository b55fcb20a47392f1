/**
 * Child processes for tests: output captured, waited on with bounds, and always
 * stopped by PID (SIGTERM, then SIGKILL) even if a test fails half-way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from './wait-for.ts';

export interface Proc {
  readonly pid: number;
  readonly child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends a signal by PID and waits for exit; escalates to SIGKILL after graceMs. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | string>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

export function startProcess(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Proc {
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  running.add(child);
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal ?? -1);
    });
    child.once('error', (err) => {
      running.delete(child);
      out += `\nspawn error: ${err.message}`;
      resolve(-1);
    });
  });
  const pid = child.pid;
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
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      process.kill(pid, signal);
      const timer = setTimeout(() => process.kill(pid, 'SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
