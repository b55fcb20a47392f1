import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** What is awaited, for the timeout message. */
  readonly what: string;
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  /** Stops polling early (the promise then rejects). */
  readonly signal?: AbortSignal;
}

/** Polls until `check` returns a value other than undefined/false. Always bounded. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  { what, timeoutMs = 10_000, intervalMs = 50, signal }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (signal?.aborted) throw new Error(`stopped waiting for ${what}`);
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    await sleep(intervalMs);
  }
  const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
}
