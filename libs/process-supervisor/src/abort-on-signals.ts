/**
 * SIGINT and SIGTERM for a long-running command. The first aborts the returned signal: the run
 * stops its children and reports itself incomplete. If it has not ended within graceMs (a step
 * that does not watch the signal), or a second signal comes, the process exits at once with
 * 128 + the signal's number; execa's cleanup still stops every child process by PID on exit.
 */
const EXIT_CODE = { SIGINT: 130, SIGTERM: 143 } as const;

export const SIGNAL_GRACE_MS = 5_000;

/**
 * `notice` is written to stderr at the first signal: what the run does before it ends (a teardown
 * that needs more than the default grace says so, and that a second signal cuts it short).
 */
export function abortOnSignals(graceMs = SIGNAL_GRACE_MS, notice?: string): AbortSignal {
  const controller = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (controller.signal.aborted) process.exit(EXIT_CODE[sig]);
      if (notice) process.stderr.write(`stopped by ${sig}: ${notice}\n`);
      controller.abort(new Error(`stopped by ${sig}`));
      setTimeout(() => {
        process.stderr.write(
          `stopped by ${sig}: not done within ${graceMs / 1000} s, exiting now\n`,
        );
        process.exit(EXIT_CODE[sig]);
      }, graceMs).unref();
    });
  }
  return controller.signal;
}
