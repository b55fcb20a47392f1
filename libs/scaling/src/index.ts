export {
  expectedPeak,
  type HpaScalingRules,
  SCALING_POLICY,
  type ScalingPolicy,
} from './policy.ts';
export { predictScaling, scaleUpLimit, type ScalingPrediction, simulateHpa } from './hpa-model.ts';
