import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCALING_POLICY } from '@loadlab/scaling';
import { advise } from './advice.ts';
import { peakProfile } from './profile.ts';

describe('advise', () => {
  it('threshold = capacity × 0.7, max covers the peak with 20% headroom', () => {
    const a = advise({ capacity: 180, profile: peakProfile(1000), current: SCALING_POLICY });
    assert.equal(a.recommended.threshold, 126);
    assert.equal(a.recommended.maxReplicas, Math.ceil((1000 * 1.2) / 126));
    assert.equal(a.peakRps, 1000);
    assert.ok(a.findings.some((f) => /threshold is 126/.test(f)));
  });

  it('the target utilization is configurable', () => {
    const a = advise({
      capacity: 200,
      targetUtilization: 0.5,
      profile: peakProfile(400),
      current: SCALING_POLICY,
    });
    assert.equal(a.recommended.threshold, 100);
  });

  it('warns when the current threshold is above the measured capacity', () => {
    const a = advise({ capacity: 40, profile: peakProfile(200), current: SCALING_POLICY });
    assert.ok(a.findings.some((f) => /above the measured capacity/.test(f)));
    assert.ok(a.currentReplay.secondsAboveCapacity > 0);
  });

  it('a ramp too steep for the scale-up: raises min until no replica goes above capacity', () => {
    const a = advise({ capacity: 100, profile: peakProfile(600, 5, 300), current: SCALING_POLICY });
    assert.equal(a.scaleUpFastEnough, false);
    assert.ok(a.minToAbsorbRamp! > 1);
    assert.equal(a.recommendedReplay.secondsAboveCapacity, 0);
    assert.equal(a.recommended.minReplicas, a.minToAbsorbRamp);
  });

  it('a gentle ramp: the policies keep up, min stays 1', () => {
    const a = advise({
      capacity: 400,
      profile: peakProfile(600, 600, 300),
      current: SCALING_POLICY,
    });
    assert.equal(a.scaleUpFastEnough, true);
    assert.equal(a.recommended.minReplicas, 1);
  });

  it('rejects a capacity, utilization or profile it cannot use, by name', () => {
    assert.throws(
      () => advise({ capacity: 0, profile: peakProfile(1), current: SCALING_POLICY }),
      /capacity/,
    );
    assert.throws(
      () =>
        advise({
          capacity: 10,
          targetUtilization: 1.5,
          profile: peakProfile(1),
          current: SCALING_POLICY,
        }),
      /utilization/,
    );
    assert.throws(
      () => advise({ capacity: 10, profile: [{ t: 0, rps: 0 }], current: SCALING_POLICY }),
      /no load/,
    );
  });
});
