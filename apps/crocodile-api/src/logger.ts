import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.ts';

/** Structured JSON logs, one line per event, written asynchronously so logging stays off the hot path. */
export function createLogger(level: LogLevel, name: string): Logger {
  return pino(
    { level, base: { app: name }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 1, sync: false }),
  );
}
