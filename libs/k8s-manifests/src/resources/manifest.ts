/**
 * Every kind the stack renders, as a typed object: kubernetes-models' interfaces for the core
 * kinds, crd-types for KEDA and k6-operator. A misspelt or misplaced field fails typecheck
 * before any YAML is written (see wrong-fields.typecheck.ts).
 */
import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type {
  IClusterRole,
  IClusterRoleBinding,
} from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import type { INamespace, IService, IServiceAccount } from 'kubernetes-models/v1';
import type { TestRun } from '../crd-types/k6-test-run.ts';
import type { ScaledObject } from '../crd-types/keda-scaled-object.ts';

export type Manifest =
  | INamespace
  | IServiceAccount
  | IService
  | IDeployment
  | IClusterRole
  | IClusterRoleBinding
  | IPodDisruptionBudget
  | ScaledObject
  | TestRun;
