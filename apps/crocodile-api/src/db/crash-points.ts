/**
 * Named points in startup, writes and shutdown where the crash tests kill the
 * process for real (SIGKILL to itself), so each step of the store is crashed on
 * purpose, not only when a timer happens to land there. Off unless
 * CROCODILE_API_CRASH_AT names a point (tests only; README.md lists them).
 */
/** The steps of startup (the seed import included), in order. */
export const STARTUP_CRASH_POINTS = [
  'lock-acquired',
  'import-started',
  'import-half',
  'import-before-commit',
  'import-committed',
  'loaded',
] as const;
export const CRASH_POINTS = [
  ...STARTUP_CRASH_POINTS,
  'write-before-commit',
  'write-committed',
  'close-before-checkpoint',
  'close-after-checkpoint',
] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

const armed = process.env.CROCODILE_API_CRASH_AT;
/** How many times the point is passed before the crash (default 1: the first time). */
let countdown = Number(process.env.CROCODILE_API_CRASH_AFTER ?? 1);

export function crashPoint(point: CrashPoint): void {
  if (armed !== point || --countdown > 0) return;
  process.kill(process.pid, 'SIGKILL');
}
