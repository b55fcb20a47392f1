import type { INamespace } from 'kubernetes-models/v1';

/** Kubernetes' ObjectMeta, as kubernetes-models types it (its apimachinery package is not a direct dependency). */
export type ObjectMeta = NonNullable<INamespace['metadata']>;
