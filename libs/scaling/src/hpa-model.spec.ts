/**
 * The model against the worked examples in the Kubernetes HPA documentation
 * ("Algorithm details", "Scaling policies", "Stabilization window", "Default behavior").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  predictScaling,
  replicasAtPeriodStart,
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

describe("HPA model: the documentation's worked examples, step by step", () => {
  const TEN_PERCENT_PER_MINUTE = {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max' as const,
    policies: [
      { type: 'Pods' as const, value: 4, periodSeconds: 60 },
      { type: 'Percent' as const, value: 10, periodSeconds: 60 },
    ],
  };
  const distinct = (xs: number[]) => xs.filter((x, i) => i === 0 || x !== xs[i - 1]);

  it('80 pods down to 10 under "4 pods or 10% per minute": 80 → 72 → 64 ..., 4 at a time below 40', () => {
    const policy: ScalingPolicy = {
      ...NO_LIMITS,
      behavior: { ...NO_LIMITS.behavior, scaleDown: TEN_PERCENT_PER_MINUTE },
    };
    // The load now calls for 10 replicas; the controller syncs every 15 s.
    const timeline = simulateHpa(constant(1000, 1200), policy, { initialReplicas: 80 });
    assert.deepEqual(
      distinct(timeline.map((p) => p.replicas)),
      [72, 64, 57, 51, 45, 40, 36, 32, 28, 24, 20, 16, 12, 10],
    );
    // One step per minute: the period holds the rest back.
    const changedAt = timeline.filter((p, i) => i > 0 && p.replicas !== timeline[i - 1]!.replicas);
    assert.deepEqual(
      changedAt.slice(0, 3).map((p) => p.t),
      [60, 120, 180],
    );
  });

  it('selectPolicy Disabled on scale-down: never scales down', () => {
    const policy: ScalingPolicy = {
      ...NO_LIMITS,
      behavior: {
        ...NO_LIMITS.behavior,
        scaleDown: { ...TEN_PERCENT_PER_MINUTE, selectPolicy: 'Disabled' },
      },
    };
    assert.deepEqual([...new Set(replicas(constant(100, 600), policy, 20))], [20]);
  });

  it('selectPolicy Min on scale-up picks the policy that adds least', () => {
    const rules = {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Min' as const,
      policies: [
        { type: 'Pods' as const, value: 4, periodSeconds: 15 },
        { type: 'Percent' as const, value: 100, periodSeconds: 15 },
      ],
    };
    assert.equal(scaleUpLimit(10, [], 0, rules), 14, '+4 pods is less than +100%');
    assert.equal(scaleUpLimit(2, [], 0, rules), 4, '+100% is less than +4 pods');
  });
});

describe('HPA model: limits counted like the upstream controller', () => {
  it('the period starts from the current count minus what was added plus what was removed', () => {
    const events = [
      { t: 0, change: -5 },
      { t: 20, change: 2 },
    ];
    assert.equal(replicasAtPeriodStart(7, events, 30, 60), 10, '7 − 2 + 5');
    assert.equal(replicasAtPeriodStart(7, events, 60, 60), 5, 'the t=0 event left the period');
    assert.equal(replicasAtPeriodStart(7, [], 60, 60), 7);
  });

  it('a scale-down and a scale-up in one period: the up-limit counts from the count before both', () => {
    const up = {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max' as const,
      policies: [{ type: 'Pods' as const, value: 4, periodSeconds: 60 }],
    };
    // 10 → 5 at t=0; at t=30 the period started at 10, so up to 14 is allowed (5 + 4 would be 9).
    assert.equal(scaleUpLimit(5, [{ t: 0, change: -5 }], 30, up), 14);
    const down = {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max' as const,
      policies: [{ type: 'Pods' as const, value: 4, periodSeconds: 60 }],
    };
    // 10 → 13 at t=0; at t=30 the period started at 10, so down to 6 (13 − 4 would be 9).
    assert.equal(scaleDownLimit(13, [{ t: 0, change: 3 }], 30, down), 6);
  });

  it('a limit below the current count holds the count, never reverses the direction', () => {
    // Up-limit 4 (+0% of a period start of 4) while 6 are running and 8 are recommended: stay at 6.
    const policy: ScalingPolicy = {
      ...NO_LIMITS,
      minReplicas: 1,
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [{ type: 'Pods', value: 2, periodSeconds: 600 }],
        },
        scaleDown: NO_LIMITS.behavior.scaleDown,
      },
    };
    const points: MetricPoint[] = [
      { t: 0, value: 600 }, // 6 from 4: +2 allowed
      { t: 15, value: 800 }, // 8 wanted, but 2 were already added this period
    ];
    assert.deepEqual(replicas([...points, { t: 30, value: 800 }], policy, 4), [6, 6, 6]);
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

describe('HPA model: edges', () => {
  it('the tolerance is inclusive: a usage ratio of exactly 1 + tolerance keeps the count', () => {
    const at = (value: number) =>
      simulateHpa(constant(value, 0), NO_LIMITS, { initialReplicas: 4, tolerance: 0.5 })[0]!
        .replicas;
    assert.equal(at(600), 4, 'ratio 1.5, tolerance 0.5');
    assert.equal(at(601), 7, 'just above: ceil(601 / 100)');
  });

  it('selectPolicy Disabled on scale-up: never scales up', () => {
    const policy: ScalingPolicy = {
      ...NO_LIMITS,
      behavior: {
        ...NO_LIMITS.behavior,
        scaleUp: { ...NO_LIMITS.behavior.scaleUp, selectPolicy: 'Disabled' },
      },
    };
    assert.deepEqual([...new Set(replicas(constant(5000, 120), policy, 2))], [2]);
  });

  it('the scale-up stabilization window holds the lowest recommendation of the window, exclusive of its edge', () => {
    const policy: ScalingPolicy = {
      ...NO_LIMITS,
      behavior: {
        ...NO_LIMITS.behavior,
        scaleUp: { ...NO_LIMITS.behavior.scaleUp, stabilizationWindowSeconds: 30 },
      },
    };
    const points: MetricPoint[] = [
      { t: 0, value: 100 },
      { t: 15, value: 800 },
      { t: 60, value: 800 },
    ];
    // The recommendation of 1 at t=0 holds it until t=30, when t=0 leaves the (t-30, t] window.
    assert.deepEqual(replicas(points, policy, 1), [1, 1, 8, 8, 8]);
  });

  it('starts at the first metric sample, and on no samples reads the metric as 0', () => {
    const late = simulateHpa(
      [
        { t: 30, value: 400 },
        { t: 60, value: 400 },
      ],
      NO_LIMITS,
      { initialReplicas: 4 },
    );
    assert.deepEqual(
      late.map((p) => p.t),
      [30, 45, 60],
    );
    assert.deepEqual(simulateHpa([], NO_LIMITS), [
      { t: 0, metric: 0, recommended: 0, replicas: 1 },
    ]);
    assert.deepEqual(simulateHpa([], NO_LIMITS, { until: 30 }).length, 3);
  });
});

describe('predictScaling: edges', () => {
  it('first scale-up is counted from the first sample; load per replica is taken when the peak first arrives', () => {
    const p = predictScaling(
      [
        { t: 30, value: 20 },
        { t: 60, value: 1000 },
        { t: 120, value: 1000 },
      ],
      SCALING_POLICY,
    );
    assert.equal(p.firstScaleUpSeconds, 30, 'at t=60, 30 s after the first sample');
    assert.equal(p.maxReplicas, 10);
    assert.equal(p.peakLoadPerReplica, 1000 / 5, 'the peak arrived while 5 replicas ran');
  });

  it('an empty timeline predicts nothing', () => {
    const p = predictScaling([{ t: 10, value: 500 }], SCALING_POLICY, { until: 0 });
    assert.deepEqual(
      [p.maxReplicas, p.reachedMax, p.firstScaleUpSeconds, p.peakLoadPerReplica, p.timeline.length],
      [0, false, null, 0, 0],
    );
  });
});
