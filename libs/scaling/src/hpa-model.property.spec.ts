/**
 * Properties of the HPA model that hold for any policy and any load (fast-check):
 * bounds, the behavior policies' rate limits, and the stabilization windows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { replicasAtPeriodStart, simulateHpa, type MetricPoint } from './hpa-model.ts';
import type { HpaScalingRules, ScalingPolicy } from './policy.ts';
import { SCALING_POLICY } from './policy.ts';

const rules = (selectPolicy: fc.Arbitrary<HpaScalingRules['selectPolicy']>) =>
  fc.record({
    stabilizationWindowSeconds: fc.constantFrom(0, 15, 60, 300),
    selectPolicy,
    policies: fc.array(
      fc.record({
        type: fc.constantFrom('Pods' as const, 'Percent' as const),
        value: fc.integer({ min: 1, max: 200 }),
        periodSeconds: fc.constantFrom(15, 30, 60, 120),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  });

const policyArb: fc.Arbitrary<ScalingPolicy> = fc
  .record({
    min: fc.integer({ min: 1, max: 5 }),
    span: fc.integer({ min: 0, max: 30 }),
    threshold: fc.integer({ min: 1, max: 100 }),
    scaleUp: rules(fc.constantFrom('Max' as const, 'Min' as const)),
    scaleDown: rules(fc.constantFrom('Max' as const, 'Min' as const, 'Disabled' as const)),
  })
  .map((r) => ({
    ...SCALING_POLICY,
    threshold: r.threshold,
    minReplicas: r.min,
    maxReplicas: r.min + r.span,
    behavior: { scaleUp: r.scaleUp, scaleDown: r.scaleDown },
  }));

/** A load every 15 s for up to 15 minutes. */
const loadArb: fc.Arbitrary<MetricPoint[]> = fc
  .array(fc.double({ min: 0, max: 5000, noNaN: true }), { minLength: 1, maxLength: 60 })
  .map((values) => values.map((value, i) => ({ t: i * 15, value })));

const run = fc.record({
  policy: policyArb,
  load: loadArb,
  initial: fc.integer({ min: 0, max: 40 }),
});

const simulate = ({
  policy,
  load,
  initial,
}: {
  policy: ScalingPolicy;
  load: MetricPoint[];
  initial: number;
}) => {
  const timeline = simulateHpa(load, policy, { initialReplicas: initial });
  const start = Math.min(policy.maxReplicas, Math.max(policy.minReplicas, initial));
  const before = (i: number) => (i === 0 ? start : timeline[i - 1]!.replicas);
  const events = timeline.flatMap((p, i) =>
    p.replicas !== before(i) ? [{ t: p.t, change: p.replicas - before(i) }] : [],
  );
  return { timeline, before, events };
};

describe('HPA model properties (fast-check)', () => {
  it('replicas stay within [min, max]', () => {
    fc.assert(
      fc.property(run, (r) => {
        for (const p of simulate(r).timeline) {
          assert.ok(p.replicas >= r.policy.minReplicas, `${p.replicas} < min`);
          assert.ok(p.replicas <= r.policy.maxReplicas, `${p.replicas} > max`);
        }
      }),
    );
  });

  it('no step adds or removes more than the behavior policies allow', () => {
    fc.assert(
      fc.property(run, (r) => {
        const { timeline, before, events } = simulate(r);
        timeline.forEach((p, i) => {
          const prev = before(i);
          const earlier = events.filter((e) => e.t < p.t);
          const dir = p.replicas > prev ? r.policy.behavior.scaleUp : r.policy.behavior.scaleDown;
          if (p.replicas === prev) return;
          assert.notEqual(dir.selectPolicy, 'Disabled', `scaled at ${p.t} while disabled`);
          // Each policy's allowance, from the count at the start of its period (upstream's rule).
          const allowed = dir.policies.map((pol) => {
            const start = replicasAtPeriodStart(prev, earlier, p.t, pol.periodSeconds);
            if (p.replicas > prev)
              return pol.type === 'Pods'
                ? start + pol.value
                : Math.ceil(start * (1 + pol.value / 100));
            return pol.type === 'Pods'
              ? start - pol.value
              : Math.trunc(start * (1 - pol.value / 100));
          });
          if (p.replicas > prev) {
            const limit = dir.selectPolicy === 'Min' ? Math.min(...allowed) : Math.max(...allowed);
            assert.ok(p.replicas <= limit, `up to ${p.replicas} at ${p.t}, limit ${limit}`);
          } else {
            const limit = dir.selectPolicy === 'Min' ? Math.max(...allowed) : Math.min(...allowed);
            assert.ok(p.replicas >= limit, `down to ${p.replicas} at ${p.t}, limit ${limit}`);
          }
        });
      }),
    );
  });

  it('stabilization holds: never below the highest, nor above the lowest, recommendation in the window', () => {
    fc.assert(
      fc.property(run, (r) => {
        const { timeline, before } = simulate(r);
        const { scaleUp, scaleDown } = r.policy.behavior;
        timeline.forEach((p, i) => {
          const inWindow = (w: number) =>
            timeline.filter((q) => q.t > p.t - w && q.t <= p.t).map((q) => q.recommended);
          if (p.replicas < before(i)) {
            const highest = Math.max(...inWindow(scaleDown.stabilizationWindowSeconds || 1));
            assert.ok(
              p.replicas >= Math.min(highest, before(i)),
              `down to ${p.replicas} at ${p.t}`,
            );
          }
          if (p.replicas > before(i)) {
            const lowest = Math.min(...inWindow(scaleUp.stabilizationWindowSeconds || 1));
            assert.ok(p.replicas <= Math.max(lowest, before(i)), `up to ${p.replicas} at ${p.t}`);
          }
        });
      }),
    );
  });

  it('a steady load settles on expectedPeak-like ceil(load / threshold) within bounds', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 0, max: 3000 }), (policy, load) => {
        const steady = simulateHpa(
          [
            { t: 0, value: load },
            { t: 3600, value: load },
          ],
          {
            ...policy,
            behavior: {
              ...policy.behavior,
              scaleDown: { ...policy.behavior.scaleDown, selectPolicy: 'Max' },
            },
          },
        );
        const last = steady.at(-1)!.replicas;
        const want = Math.min(
          policy.maxReplicas,
          Math.max(policy.minReplicas, Math.ceil(load / policy.threshold)),
        );
        // Within the 10% tolerance the controller keeps the count it has.
        assert.ok(
          Math.abs(last - want) <= Math.ceil(want * 0.1) + 1,
          `settled at ${last}, want ${want}`,
        );
      }),
    );
  });
});
