/**
 * What the policy's functions promise, for any policy: the values of SCALING_POLICY itself are
 * not restated here (a test that copies them fails on every intended change and catches nothing).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { expectedPeak, rateToReachMax, SCALING_POLICY, type ScalingPolicy } from './policy.ts';

const policies = fc
  .record({
    threshold: fc.integer({ min: 1, max: 1000 }),
    minReplicas: fc.integer({ min: 0, max: 20 }),
    extra: fc.integer({ min: 1, max: 50 }),
  })
  .map(({ threshold, minReplicas, extra }): ScalingPolicy => ({
    ...SCALING_POLICY,
    threshold,
    minReplicas,
    maxReplicas: minReplicas + extra,
  }));

describe('rateToReachMax', () => {
  it('keeps every replica above the threshold at maxReplicas, so KEDA must reach max', () => {
    fc.assert(
      fc.property(policies, (p) => {
        assert.ok(rateToReachMax(p) / p.maxReplicas > p.threshold);
        assert.equal(expectedPeak(rateToReachMax(p), p), p.maxReplicas);
      }),
    );
  });
});

describe('expectedPeak', () => {
  it('is the fewest replicas that carry the load at the threshold, within [min, max]', () => {
    fc.assert(
      fc.property(policies, fc.double({ min: 0, max: 1e6, noNaN: true }), (p, load) => {
        const peak = expectedPeak(load, p);
        assert.ok(peak >= p.minReplicas && peak <= p.maxReplicas);
        if (peak > p.minReplicas && peak < p.maxReplicas) {
          assert.ok(load / peak <= p.threshold, `${peak} replicas carry at most the threshold`);
          assert.ok(load / (peak - 1) > p.threshold, `${peak - 1} replicas would not`);
        }
      }),
    );
  });

  it('never asks for fewer replicas under more load', () => {
    fc.assert(
      fc.property(policies, fc.nat(1e6), fc.nat(1e6), (p, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        assert.ok(expectedPeak(lo, p) <= expectedPeak(hi, p));
      }),
    );
  });

  it('rounds up: a load just above n × threshold needs n + 1 replicas', () => {
    const t = SCALING_POLICY.threshold;
    assert.equal(expectedPeak(3 * t, SCALING_POLICY), 3);
    assert.equal(expectedPeak(3 * t + 1, SCALING_POLICY), 4);
  });
});
