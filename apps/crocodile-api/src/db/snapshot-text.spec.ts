import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { serialize, snapshotChunks } from './snapshot-text.ts';

describe('snapshotChunks', () => {
  it('gives exactly the text of JSON.stringify(state, null, 2), whatever the chunk size', () => {
    const record = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 });
    const state = fc.dictionary(
      fc.string(),
      fc.oneof(
        fc.array(fc.oneof(record, fc.jsonValue()), { maxLength: 9 }),
        record,
        fc.jsonValue(),
      ),
      { maxKeys: 4 },
    );
    fc.assert(
      fc.property(state, fc.integer({ min: 1, max: 4 }), (s, per) => {
        assert.equal([...snapshotChunks(s, per)].join(''), serialize(s));
      }),
      { numRuns: 500 },
    );
  });

  it('splits a large collection into pieces of at most the chunk size', () => {
    const items = Array.from({ length: 10 }, (_, id) => ({ id }));
    const chunks = [...snapshotChunks({ crocodiles: items }, 4)];
    assert.equal(chunks.filter((c) => c.includes('"id"')).length, 3);
    assert.equal(chunks.join(''), serialize({ crocodiles: items }));
  });
});
