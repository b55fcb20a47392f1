export {
  DEMO_SCALING_POLICY,
  expectedPeak,
  type HpaScalingRules,
  SCALING_POLICIES,
  SCALING_POLICY,
  type ScalingPolicy,
} from './policy.ts';
export { predictScaling, scaleUpLimit, type ScalingPrediction, simulateHpa } from './hpa-model.ts';
