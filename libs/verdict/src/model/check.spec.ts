import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, judgeFigure, withRequired, type Check } from './check.ts';

const spec = { id: 'p95', name: 'p95', expected: '< 700', unit: 'ms' };
const below700 = (v: number) => v < 700;

describe('judgeFigure', () => {
  it('passes or fails a measured figure', () => {
    assert.deepEqual(judgeFigure(spec, 500, below700), { ...spec, outcome: 'pass', measured: 500 });
    assert.deepEqual(judgeFigure(spec, 900, below700), { ...spec, outcome: 'fail', measured: 900 });
  });

  it('nothing measured is not judged, never a pass', () => {
    assert.deepEqual(
      judgeFigure(spec, null, () => true),
      {
        ...spec,
        outcome: 'not-judged',
        measured: null,
        reason: 'nothing was measured',
      },
    );
  });

  it('a not-judged reason wins over a figure; a failure reason fails without one', () => {
    const nj = judgeFigure(spec, 500, below700, { notJudged: 'window too short', note: 'n' });
    assert.deepEqual(nj, {
      ...spec,
      outcome: 'not-judged',
      measured: null,
      reason: 'window too short',
      note: 'n',
    });
    const f = judgeFigure(spec, null, () => true, { failed: 'never scaled' });
    assert.deepEqual(f, { ...spec, outcome: 'fail', measured: null, reason: 'never scaled' });
    assert.deepEqual(
      judgeFigure(spec, 1, () => true, { note: 'at 3 of 4' }),
      {
        ...spec,
        outcome: 'pass',
        measured: 1,
        note: 'at 3 of 4',
      },
    );
  });
});

describe('decide', () => {
  const check = (id: string, outcome: Check['outcome'], required = true): Check => ({
    ...spec,
    id,
    outcome,
    measured: outcome === 'not-judged' ? null : 1,
    required,
    ...(outcome === 'not-judged' ? { reason: `${id} missing` } : {}),
  });

  it('PASS only when every required check passed', () => {
    assert.deepEqual(decide([check('a', 'pass'), check('b', 'pass')]), { status: 'pass' });
  });

  it('a required failure fails the run, even beside a check not judged', () => {
    assert.deepEqual(decide([check('a', 'fail'), check('b', 'not-judged')]), { status: 'failed' });
  });

  it('a required check not judged: could not run, naming each one and why', () => {
    assert.deepEqual(
      decide([check('a', 'pass'), check('b', 'not-judged'), check('c', 'not-judged')]),
      {
        status: 'could-not-run',
        reason: 'required checks not judged: b (b missing); c (c missing)',
      },
    );
  });

  it('a "pass" without a figure is not trusted', () => {
    const forged = { ...check('a', 'pass'), measured: null };
    assert.deepEqual(decide([forged]), {
      status: 'could-not-run',
      reason: 'required checks not judged: a (nothing measured)',
    });
  });

  it('optional checks never decide; no required check at all is could not run', () => {
    assert.deepEqual(
      decide([check('a', 'pass'), check('b', 'fail', false), check('c', 'not-judged', false)]),
      {
        status: 'pass',
      },
    );
    assert.deepEqual(decide([check('b', 'fail', false)]), {
      status: 'could-not-run',
      reason: 'no required check: declare some beside the SLO',
    });
  });

  it('withRequired marks the declared ids', () => {
    const [a, b] = withRequired(
      [judgeFigure(spec, 1, below700), { ...judgeFigure(spec, 1, below700), id: 'x' }],
      ['x'],
    );
    assert.equal(a!.required, false);
    assert.equal(b!.required, true);
  });
});
