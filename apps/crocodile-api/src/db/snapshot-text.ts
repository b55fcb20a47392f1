/**
 * db.json's text, exactly as `JSON.stringify(state, null, 2)` writes it, but in
 * pieces of a few thousand records: a compaction of a large db then never
 * holds the event loop for more than a few milliseconds at a time.
 */
export type DbState = Record<string, unknown>;

export const RECORDS_PER_CHUNK = 2000;

export function serialize(state: DbState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

const nested = (value: unknown, pad: string) =>
  // JSON text never holds a raw newline inside a string, so every \n is layout.
  (JSON.stringify(value, null, 2) ?? 'null').replaceAll('\n', `\n${pad}`);

export function* snapshotChunks(state: DbState, perChunk = RECORDS_PER_CHUNK): Generator<string> {
  const keys = Object.keys(state).filter((k) => state[k] !== undefined);
  if (keys.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{\n';
  for (const [i, key] of keys.entries()) {
    const value = state[key];
    const tail = i < keys.length - 1 ? ',\n' : '\n';
    const head = `  ${JSON.stringify(key)}: `;
    if (!Array.isArray(value) || value.length === 0) {
      yield `${head}${nested(value, '  ')}${tail}`;
      continue;
    }
    yield `${head}[\n`;
    for (let at = 0; at < value.length; at += perChunk) {
      const part = value.slice(at, at + perChunk).map((item) => `    ${nested(item, '    ')}`);
      yield `${part.join(',\n')}${at + perChunk < value.length ? ',\n' : '\n'}`;
    }
    yield `  ]${tail}`;
  }
  yield '}\n';
}
