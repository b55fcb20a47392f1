import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Collection } from './collection.ts';

describe('Collection', () => {
  it('finds records by id as a string, as lodash-id does', () => {
    const c = new Collection('crocodiles', [{ id: 1 }, { id: 'abc' }]);
    assert.deepEqual(c.get('1'), { id: 1 });
    assert.deepEqual(c.get(1), { id: 1 });
    assert.equal(c.get(undefined), undefined);
    assert.equal(c.get('__proto__'), undefined);
  });

  it('raises the id mark for numbers and digit strings, never lowers it', () => {
    const c = new Collection('crocodiles', [{ id: 3 }], 10);
    assert.equal(c.lastId, 10, 'a mark from a deleted id survives');
    c.observeId('12');
    assert.equal(c.lastId, 12, '"12" is id 12: an automatic id must not collide with it');
    c.observeId(5);
    c.observeId('0012');
    c.observeId(2 ** 53);
    assert.equal(c.lastId, 12);
  });

  it('applies sets and deletes idempotently, keeping the list and the index in step', () => {
    const c = new Collection('crocodiles', [{ id: 1, v: 'a' }]);
    const ops = [
      { r: 'crocodiles', set: { id: 2, v: 'b' } },
      { r: 'crocodiles', set: { id: 1, v: 'c' } },
      { r: 'crocodiles', del: '2' },
    ];
    for (const op of [...ops, ...ops]) c.apply(op);
    assert.deepEqual(c.items, [{ id: 1, v: 'c' }]);
    assert.equal(c.size, 1);
    assert.equal(c.get(2), undefined);
    assert.equal(c.lastId, 2);
  });
});
