/**
 * The autoscaling policy: the one source for the KEDA ScaledObject, the scaling
 * model in the verdict engine, and the load needed to reach max replicas.
 */
import { queries } from '@loadlab/metrics';

export interface HpaScalingPolicy {
  readonly type: 'Pods' | 'Percent';
  readonly value: number;
  readonly periodSeconds: number;
}

export interface HpaScalingRules {
  readonly stabilizationWindowSeconds: number;
  readonly selectPolicy: 'Max' | 'Min' | 'Disabled';
  readonly policies: readonly HpaScalingPolicy[];
}

export interface ScalingPolicy {
  /** The Deployment (and app label) that scales. */
  readonly target: string;
  /** PromQL the KEDA Prometheus trigger evaluates: total request rate. */
  readonly query: string;
  /** Requests per second that one replica should carry (KEDA `threshold`, AverageValue). */
  readonly threshold: number;
  /** Below this the metric counts as idle (matters only with minReplicas 0). */
  readonly activationThreshold: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly behavior: { readonly scaleUp: HpaScalingRules; readonly scaleDown: HpaScalingRules };
}

const APP = 'crocodile-api';

export const SCALING_POLICY: ScalingPolicy = {
  target: APP,
  query: queries.scalingMetric({ app: APP }),
  // The tutorial's values.
  threshold: 50,
  activationThreshold: 5,
  minReplicas: 1,
  maxReplicas: 10,
  behavior: {
    // Kubernetes' default scale-up: the larger of +100% or +4 pods every 15 s.
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Percent', value: 100, periodSeconds: 15 },
        { type: 'Pods', value: 4, periodSeconds: 15 },
      ],
    },
    // 60 s instead of the default 300 s, so scale-down shows within one test run.
    scaleDown: {
      stabilizationWindowSeconds: 60,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    },
  },
};

/**
 * The policy of `./loadlab demo --cluster` (the k8s-manifests demo overlay): the same, but a
 * 15 s scale-down stabilization window, so a run of a few minutes shows 1 -> N -> 1. The overlay
 * patches this window over the base; the verifier models the same object.
 */
export const DEMO_SCALING_POLICY: ScalingPolicy = {
  ...SCALING_POLICY,
  behavior: {
    ...SCALING_POLICY.behavior,
    scaleDown: { ...SCALING_POLICY.behavior.scaleDown, stabilizationWindowSeconds: 15 },
  },
};

/** The policies a run can name (--scaling-policy): the base's, and the demo overlay's. */
export const SCALING_POLICIES = { default: SCALING_POLICY, demo: DEMO_SCALING_POLICY } as const;

/** Arrival rate (req/s) that keeps the scaling metric above threshold × maxReplicas. */
export function rateToReachMax(policy: ScalingPolicy = SCALING_POLICY, headroom = 1.2): number {
  return Math.ceil(policy.threshold * policy.maxReplicas * headroom);
}

/**
 * The replicas a steady total load calls for: ceil(load / threshold), within [min, max]. The
 * scaling verifier's right-size check and the cluster e2e's expectation both read it.
 */
export function expectedPeak(peakLoad: number, policy: ScalingPolicy = SCALING_POLICY): number {
  return Math.min(
    policy.maxReplicas,
    Math.max(policy.minReplicas, Math.ceil(peakLoad / policy.threshold)),
  );
}
