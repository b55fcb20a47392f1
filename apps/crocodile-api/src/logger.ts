import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export interface Logging {
  readonly logger: Logger;
  /** pino's destination: request-log writes its ready-made lines here. */
  readonly destination: { write(line: string): unknown };
}

/** How long a log line may wait in the buffer when traffic is low. */
const FLUSH_EVERY_MS = 1000;

/**
 * Structured JSON logs, one line per event. Lines are buffered and written in
 * 8 KiB chunks (one syscall per ~60 request lines instead of one each), and
 * flushed at least every second and at exit.
 */
export function createLogging(level: LogLevel, name: string): Logging {
  const destination = pino.destination({ dest: 1, sync: false, minLength: 8 * 1024 });
  setInterval(() => destination.flush(), FLUSH_EVERY_MS).unref();
  return { logger: pino({ level, base: { app: name } }, destination), destination };
}
