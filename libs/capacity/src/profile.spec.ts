import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { peakProfile, profileFromOptions, THINK_SECONDS } from './profile.ts';

const SUITES = new URL('../../../apps/load-tests/src/suites/', import.meta.url);

describe('profileFromOptions', () => {
  it('an arrival-rate ramp is exact: 0 → 600 over 2 minutes, held, dropped', () => {
    const p = profileFromOptions('scale-out', {
      scenarios: {
        s: {
          executor: 'ramping-arrival-rate',
          startRate: 0,
          timeUnit: '1s',
          stages: [
            { duration: '2m0s', target: 600 },
            { duration: '8m0s', target: 600 },
            { duration: '1m0s', target: 0 },
          ],
        },
      },
    });
    assert.equal(p[0]!.rps, 0);
    assert.equal(p[60]!.rps, 300);
    assert.equal(p[300]!.rps, 600);
    assert.equal(p.at(-1)!.t, 660);
  });

  it('VUs become VUs / (think time + request time)', () => {
    const p = profileFromOptions(
      'load',
      { scenarios: { l: { executor: 'constant-vus', vus: 200, duration: '3m0s' } } },
      { requestSeconds: 0.2 },
    );
    assert.ok(Math.abs(p[10]!.rps - 200 / 3.2) < 1e-9);
  });

  it('names what it cannot turn into a rate', () => {
    assert.throws(
      () => profileFromOptions('smoke', { scenarios: { s: { executor: 'per-vu-iterations' } } }),
      /per-vu-iterations/,
    );
    assert.throws(
      () =>
        profileFromOptions('crud', {
          scenarios: { c: { executor: 'constant-vus', vus: 1, duration: '1s' } },
        }),
      /think-seconds/,
    );
  });

  it("the think-time table matches each suite's sleep()", () => {
    for (const [suite, think] of Object.entries(THINK_SECONDS)) {
      const src = readFileSync(new URL(`${suite}.ts`, SUITES), 'utf8');
      const sleeps = [...src.matchAll(/\bsleep\((\d+(?:\.\d+)?)\)/g)].map((m) => Number(m[1]));
      assert.deepEqual(sleeps, [think], `${suite}.ts sleeps ${sleeps}, the table says ${think}`);
    }
  });

  it('a stated peak becomes a one-minute ramp and a hold', () => {
    const p = peakProfile(300);
    assert.equal(p[30]!.rps, 150);
    assert.equal(p[100]!.rps, 300);
    assert.throws(() => peakProfile(0), /peak-rps/);
  });
});
