/**
 * KEDA's ScaledObject (keda.sh/v1alpha1), typed by hand from the pinned CRD's openAPIV3Schema
 * (scaledobjects.keda.sh in the vendored platform/keda-<version>.yaml): every field of spec the schema defines, with its
 * required-ness. crd-types.spec.ts checks these declarations against the CRD (names, types,
 * required, enums); validate/schemas.ts checks the rendered object against it too.
 */
import type { ObjectMeta } from './object-meta.ts';
import type { IHorizontalPodAutoscalerBehavior } from 'kubernetes-models/autoscaling/v2';

export interface ScaledObject {
  apiVersion: 'keda.sh/v1alpha1';
  kind: 'ScaledObject';
  metadata: ObjectMeta & { name: string };
  spec: ScaledObjectSpec;
}

export interface ScaledObjectSpec {
  scaleTargetRef: {
    apiVersion?: string;
    kind?: string;
    name: string;
    envSourceContainerName?: string;
  };
  minReplicaCount?: number;
  maxReplicaCount?: number;
  idleReplicaCount?: number;
  pollingInterval?: number;
  cooldownPeriod?: number;
  initialCooldownPeriod?: number;
  fallback?: {
    failureThreshold: number;
    replicas: number;
    behavior?:
      | 'static'
      | 'currentReplicas'
      | 'currentReplicasIfHigher'
      | 'currentReplicasIfLower'
      | 'scalingModifiers';
  };
  advanced?: {
    horizontalPodAutoscalerConfig?: { name?: string; behavior?: IHorizontalPodAutoscalerBehavior };
    restoreToOriginalReplicaCount?: boolean;
    scalingModifiers?: {
      activationTarget?: string;
      formula?: string;
      metricType?: 'AverageValue' | 'Value';
      target?: string;
    };
  };
  /** At least one: the CRD's minItems. */
  triggers: [ScaledObjectTrigger, ...ScaledObjectTrigger[]];
}

export interface ScaledObjectTrigger {
  type: string;
  name?: string;
  /** Every value is a string to KEDA, numbers included. */
  metadata: Record<string, string>;
  /** The schema leaves it a string; these are the values KEDA accepts. */
  metricType?: 'AverageValue' | 'Value' | 'Utilization';
  useCachedMetrics?: boolean;
  authenticationRef?: {
    name: string;
    kind?: 'TriggerAuthentication' | 'ClusterTriggerAuthentication';
  };
}
