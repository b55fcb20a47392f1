/**
 * A typecheck-level test: each object below has one wrong field, and `nx run k8s-manifests:typecheck`
 * (tsc over src/) must reject it. If the manifests lost their types (Record<string, unknown>), every
 * `@ts-expect-error` here would be unused, and tsc fails on an unused one. Never called, never rendered.
 */
import type { IContainer } from 'kubernetes-models/v1';
import type { TestRun } from '../crd-types/k6-test-run.ts';
import type { ScaledObject, ScaledObjectSpec } from '../crd-types/keda-scaled-object.ts';
import { deployment, httpProbe, service } from './helpers.ts';
import type { Manifest } from './manifest.ts';

const scaledObject = (spec: ScaledObjectSpec): ScaledObject => ({
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { name: 'x' },
  spec,
});
const withContainer = (container: IContainer) =>
  deployment({ name: 'x', namespace: 'x', uid: 10001, containers: [container] });

export function wrongFields(): Manifest[] {
  const testRun: TestRun = {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: { name: 'x' },
    // @ts-expect-error: the CRD requires script
    spec: { parallelism: 4 },
  };
  return [
    scaledObject({
      scaleTargetRef: { name: 'x' },
      // @ts-expect-error: the HPA's field name; KEDA's is maxReplicaCount
      maxReplicas: 10,
      triggers: [{ type: 'cpu', metadata: {} }],
    }),
    scaledObject({
      scaleTargetRef: { name: 'x' },
      // @ts-expect-error: the CRD wants at least one trigger
      triggers: [],
    }),
    scaledObject({
      scaleTargetRef: { name: 'x' },
      // @ts-expect-error: metricType is AverageValue, Value or Utilization
      triggers: [{ type: 'prometheus', metricType: 'Averagevalue', metadata: {} }],
    }),
    testRun,
    // @ts-expect-error: misspelt imagePullPolicy
    withContainer({ name: 'x', image: 'x', imagePulPolicy: 'Never' }),
    // @ts-expect-error: a probe's periodSeconds is a number
    withContainer({ name: 'x', readinessProbe: httpProbe('/readyz', { periodSeconds: '5' }) }),
    // @ts-expect-error: resources.requests, not resources.request
    withContainer({ name: 'x', resources: { request: { cpu: '100m' } } }),
    deployment({
      name: 'x',
      namespace: 'x',
      uid: 10001,
      containers: [],
      // @ts-expect-error: an emptyDir's sizeLimit sits under emptyDir
      volumes: [{ name: 'data', sizeLimit: '1Gi' }],
    }),
    // @ts-expect-error: a Service's apiVersion is v1
    { ...service('x', 'x', 80), apiVersion: 'apps/v1' },
  ];
}
