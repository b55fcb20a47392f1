/**
 * A typecheck-level test: the hand-written CRD types (refined with literal kinds, enums KEDA
 * accepts, kubernetes-models' core types) fit the types generated from the pinned CRDs
 * (generated/, drift-checked by build). A field whose type, or required-ness, the CRD does not
 * accept fails `nx run k8s-manifests:typecheck`; crd-types.spec.ts adds that no field is extra.
 * Never called.
 */
import type { TestRun as CrdTestRun } from './generated/k6-test-run.ts';
import type { ScaledObject as CrdScaledObject } from './generated/keda-scaled-object.ts';
import type { TestRun } from './k6-test-run.ts';
import type { ScaledObject } from './keda-scaled-object.ts';

type Fits<T extends U, U> = [T, U];

export type ScaledObjectFits = Fits<ScaledObject['spec'], CrdScaledObject['spec']>;
export type TestRunFits = Fits<TestRun['spec'], CrdTestRun['spec']>;
