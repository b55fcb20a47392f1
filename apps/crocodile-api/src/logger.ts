import pino, { type Logger } from 'pino';
import sonicBoom from 'sonic-boom';
import type { LogLevel } from './config.ts';

export interface Logging {
  readonly logger: Logger;
  /** Where log lines go: request-log writes its ready-made lines here. */
  readonly destination: { write(line: string): unknown };
  /** Writes what is buffered; calls back within FLUSH_BOUND_MS even if stdout cannot take it. */
  flush(done: () => void): void;
}

/** How long a log line may wait in the buffer when traffic is low. */
const FLUSH_EVERY_MS = 1000;
/** Lines kept while stdout cannot be written (a full disk); newer ones are dropped past this. */
const BUFFER_MAX_BYTES = 4 * 1024 * 1024;
/** A shutdown never waits longer than this for its last log lines. */
const FLUSH_BOUND_MS = 2000;

/**
 * Structured JSON logs, one line per event. Lines are buffered and written in
 * 8 KiB chunks (one syscall per ~60 request lines instead of one each), and
 * flushed at least every second and at exit.
 *
 * Logging never stops serving. pino.destination() would: on a write error
 * (ENOSPC) it throws from an fs callback, and its exit hook then retries
 * flushSync forever (sonic-boom sleeps and retries every error there). So the
 * sink is sonic-boom itself, with an error handler: on a full disk the lines
 * wait (up to BUFFER_MAX_BYTES, then are dropped and counted) and go out once
 * there is room; on EPIPE (the reader left) logging stops.
 */
export function createLogging(level: LogLevel, name: string): Logging {
  // A CommonJS package: the class is a property of its default export.
  const sink = new sonicBoom.SonicBoom({
    fd: 1,
    sync: false,
    minLength: 8 * 1024,
    maxLength: BUFFER_MAX_BYTES,
  });
  let failing: string | undefined;
  let dropped = 0;
  sink.on('drop', (data: string | Buffer) => (dropped += Buffer.byteLength(data)));
  sink.on('error', (err: NodeJS.ErrnoException) => {
    if (failing === err.code) return;
    failing = err.code;
    if (err.code === 'EPIPE') {
      // The reader left and cannot come back to this pipe: stop logging.
      sink.write = () => true;
      sink.flush = (cb?: (err?: Error) => unknown) => void cb?.();
    }
    const then =
      err.code === 'EPIPE'
        ? 'logging stops'
        : `lines wait in memory up to ${BUFFER_MAX_BYTES} bytes`;
    process.stderr.write(
      `crocodile-api: log lines cannot be written to stdout (${err.code}); serving goes on, ${then}\n`,
    );
  });
  sink.on('write', () => {
    if (failing === undefined) return;
    failing = undefined;
    if (dropped > 0) {
      logger.warn({ droppedBytes: dropped }, 'stdout took log lines again; some were dropped');
      dropped = 0;
    }
  });
  setInterval(() => sink.flush(), FLUSH_EVERY_MS).unref();
  const logger = pino({ level, base: { app: name } }, sink);
  return {
    logger,
    destination: sink,
    flush(done) {
      let called = false;
      const once = () => {
        if (called) return;
        called = true;
        done();
      };
      setTimeout(once, FLUSH_BOUND_MS).unref();
      sink.flush(once);
    },
  };
}
