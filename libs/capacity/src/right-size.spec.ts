import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rightSizeByCapacity, type LoadPoint } from './right-size.ts';

const run = (metric: number, ready: number): LoadPoint[] =>
  Array.from({ length: 20 }, (_, i) => ({ t: i * 15, metric: i < 5 ? metric / 4 : metric, ready }));
const base = { minReplicas: 1, maxReplicas: 10 };

describe('rightSizeByCapacity', () => {
  it('passes when each replica carries what it holds, with the replicas the load needs', () => {
    const j = rightSizeByCapacity({ ...base, points: run(600, 5), capacity: 180 });
    assert.equal(j.ok, true, j.detail);
    assert.equal(j.measured, 120);
    assert.equal(j.neededReplicas, 5); // ceil(600 / 126)
  });

  it('fails an overloaded peak, and says when max is what is too low', () => {
    const j = rightSizeByCapacity({ ...base, maxReplicas: 2, points: run(600, 2), capacity: 180 });
    assert.equal(j.ok, false);
    assert.match(j.detail, /maxReplicaCount 2 is too low/);
  });

  it('fails a peak with far more replicas than the capacity calls for (threshold too low)', () => {
    // The tutorial's threshold 50 on a replica that holds 400: 12 replicas for 600 req/s.
    const j = rightSizeByCapacity({
      ...base,
      maxReplicas: 12,
      points: run(600, 12),
      capacity: 400,
    });
    assert.equal(j.ok, false);
    assert.match(j.detail, /threshold is below what a replica holds/);
  });

  it('is not judged without a capacity or without load, never a pass', () => {
    assert.equal(rightSizeByCapacity({ ...base, points: run(600, 5), capacity: null }).ok, null);
    assert.equal(rightSizeByCapacity({ ...base, points: run(0, 5), capacity: 100 }).ok, null);
    assert.equal(rightSizeByCapacity({ ...base, points: [], capacity: 100 }).ok, null);
  });
});
