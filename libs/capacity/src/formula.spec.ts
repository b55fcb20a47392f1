import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateFormula, formulaNames } from './formula.ts';

describe('formulaNames: the variables KEDA must find among the named triggers', () => {
  it('skips functions, members, keywords, strings and let-bound names', () => {
    assert.deepEqual(formulaNames('max(rps, queue) + float(x.y)'), ['rps', 'queue', 'x']);
    assert.deepEqual(formulaNames('a > 5 ? b : nil'), ['a', 'b']);
    assert.deepEqual(formulaNames('let t = a * 2; t + "b c"'), ['a']);
    assert.deepEqual(formulaNames('rps ?? 3'), ['rps']);
  });
});

describe('evaluateFormula', () => {
  it('plain arithmetic, with precedence, parentheses and min/max/abs/float', () => {
    assert.equal(evaluateFormula('rps / 80', { rps: 4000 }), 50);
    assert.equal(evaluateFormula('a + b * 2', { a: 1, b: 3 }), 7);
    assert.equal(evaluateFormula('(a + b) * 2', { a: 1, b: 3 }), 8);
    assert.equal(evaluateFormula('-a + max(a, b, 10) % 4', { a: 1, b: 3 }), 1);
    assert.equal(evaluateFormula('float(abs(a - b))', { a: 1, b: 3 }), 2);
  });
  it('null for anything richer or unknown, never a guess', () => {
    assert.equal(evaluateFormula('a > 5 ? a : 0', { a: 1 }), null);
    assert.equal(evaluateFormula('a + c', { a: 1 }), null);
    assert.equal(evaluateFormula('a / 0', { a: 1 }), null);
    assert.equal(evaluateFormula('a +', { a: 1 }), null);
    assert.equal(evaluateFormula('sqrt(a)', { a: 4 }), null);
  });
});
