/**
 * A bounded run of a program to completion, on execa: every run has a time limit, can be
 * aborted, and fails with a RunError that names the command, its exit code (or signal, or the
 * reason it never started) and the last lines it printed, so a failure explains itself wherever
 * it happens (kind's pkg/exec RunError is the model).
 */
import {
  execa,
  execaSync,
  type Options,
  type Result,
  type SyncOptions,
  type SyncResult,
} from 'execa';
import { outputTail } from './output-tail.ts';

export interface RunOptions {
  readonly cwd?: string;
  /** The whole environment of the child (the parent's by default). */
  readonly env?: NodeJS.ProcessEnv;
  /** Killed (SIGTERM, then SIGKILL after 2 s) after this long; 60 s by default. */
  readonly timeoutMs?: number;
  /** Aborting it stops the run (async run only). */
  readonly signal?: AbortSignal;
  /** Written to the program's stdin. */
  readonly input?: string;
  /**
   * Exit codes that are not a failure (0 by default), e.g. [0, 1] for a program whose 1 means
   * "no", or 'any' for a test of the exit code itself. A timeout or abort still fails.
   */
  readonly okExitCodes?: readonly number[] | 'any';
  /** Let the program write to this terminal instead of capturing its output. */
  readonly inheritOutput?: boolean;
}

export interface RunResult {
  readonly command: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const TAIL_LINES = 20;
const DEFAULT_TIMEOUT_MS = 60_000;

export interface RunFailure {
  /** The command line, quoted where needed. */
  readonly command: string;
  /** Undefined when the program never started, timed out or was stopped by a signal. */
  readonly exitCode: number | undefined;
  /** Why it failed, in a few words: "exited with 2", "timed out after 5000 ms", ... */
  readonly reason: string;
  readonly stdout: string;
  readonly stderr: string;
}

export class RunError extends Error implements RunFailure {
  readonly command: string;
  readonly exitCode: number | undefined;
  readonly reason: string;
  readonly stdout: string;
  readonly stderr: string;
  /** The last lines of stderr (or of stdout when stderr said nothing). */
  readonly tail: string;
  constructor(f: RunFailure) {
    const tail = outputTail(f.stderr.trim() ? f.stderr : f.stdout, TAIL_LINES);
    super(`${f.command} ${f.reason}${tail ? `\n  last lines it printed:\n${tail}` : ''}`);
    this.name = 'RunError';
    ({ command: this.command, exitCode: this.exitCode, reason: this.reason } = f);
    ({ stdout: this.stdout, stderr: this.stderr } = f);
    this.tail = tail;
  }
}

/** Runs a program to completion; rejects with a RunError unless it exits with an ok code. */
export async function run(
  command: string,
  args: readonly string[],
  o: RunOptions = {},
): Promise<RunResult> {
  const result = await execa(command, args, { ...execaOptions(o), cancelSignal: o.signal });
  return settle(command, args, result, o);
}

/**
 * The same run, for synchronous callers (a CLI's top level, a test's set-up, the Nx graph).
 * It blocks this process: use it only for short runs.
 */
export function runSync(command: string, args: readonly string[], o: RunOptions = {}): RunResult {
  if (o.signal) throw new TypeError('runSync cannot be aborted: use run() for a signal');
  return settle(command, args, execaSync(command, args, execaOptions(o) as SyncOptions), o);
}

function execaOptions(o: RunOptions): Options {
  return {
    cwd: o.cwd,
    env: o.env ?? process.env,
    extendEnv: false,
    input: o.input,
    stdin: o.input === undefined ? 'ignore' : 'pipe',
    stdout: o.inheritOutput ? 'inherit' : 'pipe',
    stderr: o.inheritOutput ? 'inherit' : 'pipe',
    timeout: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    forceKillAfterDelay: 2_000,
    reject: false,
    stripFinalNewline: false,
    encoding: 'utf8',
  };
}

function settle(
  command: string,
  args: readonly string[],
  r: Result | SyncResult,
  o: RunOptions,
): RunResult {
  const line = commandLine(command, args);
  const stdout = typeof r.stdout === 'string' ? r.stdout : '';
  const stderr = typeof r.stderr === 'string' ? r.stderr : '';
  const ok = o.okExitCodes ?? [0];
  const exited = r.exitCode !== undefined && !r.timedOut && !r.isCanceled;
  if (exited && (ok === 'any' || ok.includes(r.exitCode!)))
    return { command: line, exitCode: r.exitCode!, stdout, stderr };
  let reason: string;
  if (r.timedOut) reason = `timed out after ${o.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`;
  else if (r.isCanceled) reason = 'was aborted';
  else if (r.exitCode !== undefined) reason = `exited with ${r.exitCode}`;
  else if (r.signal) reason = `was stopped by ${r.signal}`;
  else reason = `could not start: ${r.originalMessage ?? r.shortMessage}`;
  throw new RunError({
    command: line,
    exitCode: r.timedOut ? undefined : r.exitCode,
    reason,
    stdout,
    stderr,
  });
}

/** The command as a shell would need it, for messages a person can paste. */
export function commandLine(command: string, args: readonly string[]): string {
  return [command, ...args]
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`))
    .join(' ');
}
