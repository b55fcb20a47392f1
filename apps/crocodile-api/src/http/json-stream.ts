/**
 * Sends large JSON answers (GET /db, long lists) piece by piece: no answer is
 * ever one string, so data larger than V8's longest string (about 512 MiB) is
 * still served, and the event loop gets a turn between pieces (/livez answers
 * meanwhile). The text is what res.json() would send.
 */
import { once } from 'node:events';
import type { Response } from 'express';

/** Bytes gathered before each write. */
const PIECE_BYTES = 64 * 1024;
/** Lists shorter than this go out through res.json() as before (with its ETag). */
export const STREAM_FROM_ITEMS = 1000;

/** JSON text of a list, one record at a time. */
export function* listPieces(items: readonly unknown[]): Generator<string> {
  yield '[';
  for (let i = 0; i < items.length; i++) {
    yield `${i ? ',' : ''}${JSON.stringify(items[i]) ?? 'null'}`;
  }
  yield ']';
}

/** JSON text of an object whose list values are written one record at a time. */
export function* objectPieces(state: Record<string, unknown>): Generator<string> {
  yield '{';
  let first = true;
  for (const [key, value] of Object.entries(state)) {
    if (value === undefined) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (Array.isArray(value)) yield* listPieces(value);
    else yield JSON.stringify(value);
  }
  yield '}';
}

export async function sendJsonPieces(res: Response, pieces: Iterable<string>): Promise<void> {
  res.type('application/json');
  let buffer: string[] = [];
  let size = 0;
  const flush = async () => {
    if (!size) return;
    const ok = res.write(buffer.join(''));
    buffer = [];
    size = 0;
    if (!ok && !res.destroyed) {
      // Whichever comes first; the other listener is removed, or each slow piece would leak one.
      const settled = new AbortController();
      const { signal } = settled;
      await Promise.race([once(res, 'drain', { signal }), once(res, 'close', { signal })]).finally(
        () => settled.abort(),
      );
    }
    // A turn of the event loop between pieces, even when the socket keeps up.
    await new Promise((resolve) => setImmediate(resolve));
  };
  for (const piece of pieces) {
    if (res.destroyed) return; // the client left
    buffer.push(piece);
    size += piece.length;
    if (size >= PIECE_BYTES) await flush();
  }
  await flush();
  res.end();
}
