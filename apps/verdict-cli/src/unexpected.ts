/**
 * A verdict that could not be formed is exit 2 with one line naming why, never a stack trace
 * and never exit 1 (which means a check failed on measured data).
 */
import { isCouldNotRun } from '@loadlab/verdict';

export const unexpected =
  (couldNotRun: (message: string) => never) =>
  (err: unknown): never =>
    couldNotRun(
      isCouldNotRun(err)
        ? err.message
        : `unexpected error: ${(err as Error)?.message ?? String(err)} (a loadlab bug: please report it with this line; LOADLAB_DEBUG=1 prints the stack)${process.env.LOADLAB_DEBUG ? `\n${(err as Error)?.stack}` : ''}`,
    );
