import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCALING_POLICY } from '@loadlab/scaling';
import { peakProfile } from './profile.ts';
import { replay } from './replay.ts';

describe('replay', () => {
  it('the rate window delays the metric: a step to 400 req/s shows as 200 after one minute', () => {
    const r = replay(
      [
        { t: 0, rps: 400 },
        { t: 600, rps: 400 },
      ],
      SCALING_POLICY,
      1000,
    );
    assert.equal(r.points[60]!.metric, 200);
    assert.equal(r.points[120]!.metric, 400);
  });

  it('replicas follow ceil(metric / threshold) up to max, and load per replica is offered / ready', () => {
    const r = replay(peakProfile(300, 60, 600), SCALING_POLICY, 1000);
    assert.equal(r.peakReplicas, 6); // ceil(300 / 50)
    const late = r.points[600]!;
    assert.equal(late.ready, 6);
    assert.equal(late.perReplica, 50);
  });

  it('counts the seconds each replica spends above its capacity while the scale-up lags', () => {
    const slow = replay(peakProfile(300, 10, 600), SCALING_POLICY, 100);
    assert.ok(slow.secondsAboveCapacity > 0);
    assert.ok(slow.firstAboveCapacityAt! >= 0 && slow.firstAboveCapacityAt! < 30);
    const roomy = replay(peakProfile(300, 10, 600), SCALING_POLICY, 400);
    assert.equal(roomy.secondsAboveCapacity, 0);
  });

  it('scales back to min after the load: the rate window plus the stabilization window', () => {
    const r = replay(peakProfile(300, 60, 300), SCALING_POLICY, 1000);
    // The metric needs most of the 2 m window to fall, then 60 s of stabilization.
    assert.ok(r.scaleDownSeconds! > 120 && r.scaleDownSeconds! < 240, `${r.scaleDownSeconds}`);
  });
});
