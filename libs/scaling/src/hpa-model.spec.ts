/**
 * The model against the worked examples in the Kubernetes HPA documentation
 * ("Algorithm details", "Scaling policies", "Stabilization window", "Default behavior").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  predictScaling,
  scaleDownLimit,
  scaleUpLimit,
  simulateHpa,
  type MetricPoint,
} from './hpa-model.ts';
import { SCALING_POLICY, type ScalingPolicy } from './policy.ts';

// Kubernetes' defaults, for the documentation's examples.
const K8S_DEFAULT: ScalingPolicy = {
  ...SCALING_POLICY,
  threshold: 100,
  minReplicas: 1,
  maxReplicas: 100,
  behavior: {
    scaleUp: SCALING_POLICY.behavior.scaleUp,
    scaleDown: {
      stabilizationWindowSeconds: 300,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    },
  },
};
const NO_LIMITS: ScalingPolicy = {
  ...K8S_DEFAULT,
  behavior: {
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 100_000, periodSeconds: 15 }],
    },
    scaleDown: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    },
  },
};
const constant = (value: number, seconds: number): MetricPoint[] => [
  { t: 0, value },
  { t: seconds, value },
];
const replicas = (points: MetricPoint[], policy: ScalingPolicy, initial: number) =>
  simulateHpa(points, policy, { initialReplicas: initial }).map((p) => p.replicas);

describe('HPA model: algorithm details', () => {
  it('doubles when the metric is twice the target (200m vs 100m)', () => {
    // 4 replicas, each at 200 against a target of 100: total 800.
    assert.deepEqual(replicas(constant(800, 0), NO_LIMITS, 4), [8]);
  });

  it('halves when the metric is half the target (50m vs 100m)', () => {
    assert.deepEqual(replicas(constant(200, 0), NO_LIMITS, 4), [2]);
  });

  it('skips scaling within the 0.1 tolerance', () => {
    assert.deepEqual(replicas(constant(420, 0), NO_LIMITS, 4), [4], 'ratio 1.05');
    assert.deepEqual(replicas(constant(460, 0), NO_LIMITS, 4), [5], 'ratio 1.15');
  });

  it('clamps to min and max', () => {
    assert.deepEqual(replicas(constant(100_000, 0), NO_LIMITS, 4), [100]);
    assert.deepEqual(replicas(constant(0, 0), NO_LIMITS, 4), [1]);
  });
});

describe('HPA model: scaling policies', () => {
  it('default scale-up: the larger of 100% or 4 pods per 15 s', () => {
    const up = K8S_DEFAULT.behavior.scaleUp;
    assert.equal(scaleUpLimit(1, [], 0, up), 5, 'from 1: +4 pods beats +100%');
    assert.equal(scaleUpLimit(10, [], 0, up), 20, 'from 10: +100% beats +4 pods');
    // 1 -> 5 -> 10 -> 20 -> 40 -> 80 -> 100 towards 10,000 req/s at target 100.
    assert.deepEqual(replicas(constant(10_000, 90), K8S_DEFAULT, 1), [5, 10, 20, 40, 80, 100, 100]);
  });

  it('scale-down of 10% per minute: 80 -> 72 -> 64 (7.2 rounds up to 8 pods)', () => {
    const rules = {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max' as const,
      policies: [{ type: 'Percent' as const, value: 10, periodSeconds: 60 }],
    };
    assert.equal(scaleDownLimit(80, [], 0, rules), 72);
    assert.equal(
      scaleDownLimit(72, [{ t: 0, change: -8 }], 30, rules),
      72,
      'still inside the same period',
    );
    assert.equal(scaleDownLimit(72, [{ t: 0, change: -8 }], 60, rules), 64);
  });

  it('selectPolicy Max on scale-down picks the policy that removes most (Pods 4 vs 10%)', () => {
    const rules = {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max' as const,
      policies: [
        { type: 'Pods' as const, value: 4, periodSeconds: 60 },
        { type: 'Percent' as const, value: 10, periodSeconds: 60 },
      ],
    };
    assert.equal(scaleDownLimit(80, [], 0, rules), 72, 'above 40 pods the percentage wins');
    assert.equal(scaleDownLimit(30, [], 0, rules), 26, 'below 40 pods the 4-pod policy wins');
  });
});

describe('HPA model: stabilization window', () => {
  it('holds the highest recommendation of the last 300 s before scaling down', () => {
    const points: MetricPoint[] = [
      { t: 0, value: 1000 },
      { t: 30, value: 100 },
      { t: 600, value: 100 },
    ];
    const timeline = simulateHpa(points, K8S_DEFAULT, { initialReplicas: 10 });
    const at = (t: number) => timeline.find((p) => p.t === t)!.replicas;
    assert.equal(at(30), 10, 'the load dropped but the window still holds 10');
    // The last high recommendation was made at t=15 (the drop is seen at t=30).
    assert.equal(at(300), 10);
    assert.equal(at(315), 1, 'once t=15 leaves the window, straight down (100% per 15 s)');
  });

  it("with loadlab's policy, scale-down shows after 60 s", () => {
    const points: MetricPoint[] = [
      { t: 0, value: 500 },
      { t: 60, value: 10 },
      { t: 240, value: 10 },
    ];
    const timeline = simulateHpa(points, SCALING_POLICY, { initialReplicas: 10 });
    // Last high recommendation at t=45; the 60 s window lets go of it at t=105.
    assert.equal(timeline.find((p) => p.t === 90)!.replicas, 10);
    assert.equal(timeline.find((p) => p.t === 105)!.replicas, 1);
  });
});

describe('predictScaling', () => {
  it('reports peak replicas, reaching max, first scale-up and load per replica', () => {
    const points: MetricPoint[] = [
      { t: 0, value: 20 },
      { t: 30, value: 240 },
      { t: 120, value: 240 },
    ];
    const p = predictScaling(points, SCALING_POLICY);
    assert.equal(p.maxReplicas, 5, 'ceil(240 / 50)');
    assert.equal(p.reachedMax, false);
    assert.equal(p.firstScaleUpSeconds, 30);
    assert.equal(p.peakLoadPerReplica, 240 / 5);
    const never = predictScaling(constant(30, 120), SCALING_POLICY);
    assert.equal(never.firstScaleUpSeconds, null);
    assert.equal(predictScaling(constant(700, 120), SCALING_POLICY).reachedMax, true);
  });
});
