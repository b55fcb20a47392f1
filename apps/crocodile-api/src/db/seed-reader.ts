/**
 * Reads db.json one record at a time, never as one string: a db.json larger
 * than V8's longest string (about 512 MiB) still imports. The file is scanned
 * byte by byte (JSON's structural characters are ASCII, so UTF-8 needs no
 * decoding to find them); each record, key and non-list value is then parsed
 * on its own with JSON.parse.
 */
import { createReadStream } from 'node:fs';

/** A top-level key with a list starts, a record of that list, or a top-level key with any other value. */
export type SeedEntry =
  | { readonly kind: 'list'; readonly key: string }
  | {
      readonly kind: 'record';
      readonly key: string;
      readonly index: number;
      readonly value: unknown;
    }
  | { readonly kind: 'value'; readonly key: string; readonly value: unknown };

export class SeedSyntaxError extends Error {}

/** One record (or one non-list value) may not be larger than this. */
export const MAX_PIECE_BYTES = 64 * 1024 * 1024;

/** Fatal: invalid bytes would otherwise become U+FFFD, silently changing the data. */
const utf8 = new TextDecoder('utf-8', { fatal: true });
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

type Expect =
  'open' | 'key' | 'colon' | 'value' | 'afterValue' | 'element' | 'afterElement' | 'end';

export async function* readSeed(file: string): AsyncGenerator<SeedEntry> {
  let expect: Expect = 'open';
  let key = '';
  let index = 0;
  let offset = 0;
  // The piece being captured: a key, a value or a record, kept as byte slices.
  let parts: Buffer[] | undefined;
  let kind = 'scalar' as 'string' | 'container' | 'scalar';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let size = 0;

  const fail = (at: number, what: string): never => {
    throw new SeedSyntaxError(`not valid JSON at byte ${at}: ${what}`);
  };
  const parsePiece = (at: number): unknown => {
    let text: string;
    try {
      text = utf8.decode(Buffer.concat(parts!));
    } catch {
      return fail(at, 'the text before this byte is not valid UTF-8 (save the file as UTF-8)');
    }
    parts = undefined;
    try {
      return JSON.parse(text);
    } catch (err) {
      return fail(at, (err as Error).message);
    }
  };

  for await (const chunk of createReadStream(file, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    let from = 0; // where the current piece starts in this chunk
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (parts) {
        // Inside a piece: find where it ends.
        let endAfter = -1;
        let endBefore = -1;
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) {
            inString = false;
            if (kind === 'string') endAfter = i;
          }
        } else if (b === QUOTE) inString = true;
        else if (b === 0x7b || b === 0x5b) depth++;
        else if (b === 0x7d || b === 0x5d) {
          if (kind === 'container' && --depth === 0) endAfter = i;
          else if (kind === 'scalar') endBefore = i;
        } else if (kind === 'scalar' && (b === 0x2c || isSpace(b))) endBefore = i;
        if (endAfter < 0 && endBefore < 0) continue;
        const end = endAfter >= 0 ? endAfter + 1 : endBefore;
        parts.push(chunk.subarray(from, end));
        size += end - from;
        if (size > MAX_PIECE_BYTES)
          fail(offset + i, `a piece larger than ${MAX_PIECE_BYTES} bytes`);
        const value = parsePiece(offset + i);
        if (expect === 'key') {
          key = value as string;
          expect = 'colon';
        } else if (expect === 'value') {
          yield { kind: 'value', key, value };
          expect = 'afterValue';
        } else {
          yield { kind: 'record', key, index: index++, value };
          expect = 'afterElement';
        }
        if (endAfter >= 0) continue;
        // A scalar ended at this byte, which is structural: handle it below.
      }
      if (isSpace(b)) continue;
      const start = (k: typeof kind) => {
        parts = [];
        kind = k;
        depth = k === 'container' ? 1 : 0;
        inString = k === 'string';
        escaped = false;
        size = 0;
        from = i;
      };
      switch (expect) {
        case 'open':
          if (b !== 0x7b)
            fail(offset + i, 'db.json must hold an object, like {"crocodiles": [...]}');
          expect = 'key';
          break;
        case 'key':
          if (b === 0x7d) expect = 'end';
          else if (b === QUOTE) start('string');
          else fail(offset + i, 'expected a key');
          break;
        case 'colon':
          if (b !== 0x3a) fail(offset + i, 'expected ":"');
          expect = 'value';
          break;
        case 'value':
          if (b === 0x5b) {
            yield { kind: 'list', key };
            index = 0;
            expect = 'element';
          } else start(b === QUOTE ? 'string' : b === 0x7b ? 'container' : 'scalar');
          break;
        case 'afterValue':
          if (b === 0x2c) expect = 'key';
          else if (b === 0x7d) expect = 'end';
          else fail(offset + i, 'expected "," or "}"');
          break;
        case 'element':
          if (b === 0x5d && index === 0) expect = 'afterValue';
          else if (b === 0x5d || b === 0x2c) fail(offset + i, 'expected a value');
          else start(b === QUOTE ? 'string' : b === 0x7b || b === 0x5b ? 'container' : 'scalar');
          break;
        case 'afterElement':
          if (b === 0x2c) expect = 'element';
          else if (b === 0x5d) expect = 'afterValue';
          else fail(offset + i, 'expected "," or "]"');
          break;
        case 'end':
          fail(offset + i, 'text after the closing "}"');
      }
    }
    if (parts) {
      parts.push(chunk.subarray(from));
      size += chunk.length - from;
      if (size > MAX_PIECE_BYTES)
        fail(offset + chunk.length, `a piece larger than ${MAX_PIECE_BYTES} bytes`);
    }
    offset += chunk.length;
  }
  if (expect !== 'end') fail(offset, 'the file ends before its closing "}"');
}
