/** crocodile-api: a Deployment the HPA owns (no spec.replicas), its Service, and the KEDA ScaledObject. */
import { SCALING_POLICY, type HpaScalingRules } from '@loadlab/scaling';
import type { IHPAScalingRules } from 'kubernetes-models/autoscaling/v2';
import type { ScaledObject } from '../crd-types/keda-scaled-object.ts';
import { NAMES, NS, PORTS, PROMETHEUS_URL, IMAGES } from '../constants.ts';
import {
  APP_UID,
  deployment,
  httpProbe,
  labels,
  resources,
  restrictedContainer,
  service,
} from './helpers.ts';
import type { Manifest } from './manifest.ts';

/** The app drains for at most SHUTDOWN_TIMEOUT_MS after the preStop pause; both fit in the grace period. */
const PRESTOP_SECONDS = 5;
const SHUTDOWN_TIMEOUT_MS = 15_000;
const GRACE_SECONDS = 30;

export function apiResources(): Manifest[] {
  const name = NAMES.api;
  return [
    deployment({
      name,
      namespace: NS.app,
      uid: APP_UID,
      terminationGracePeriodSeconds: GRACE_SECONDS,
      // Spread replicas over nodes when it can: one node's loss must not take them all.
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              podAffinityTerm: {
                topologyKey: 'kubernetes.io/hostname',
                labelSelector: { matchLabels: labels(name) },
              },
            },
          ],
        },
      },
      podAnnotations: {
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(PORTS.api),
        'prometheus.io/path': '/metrics',
      },
      containers: [
        {
          name,
          image: IMAGES.api,
          ports: [{ name: 'http', containerPort: PORTS.api }],
          env: [
            { name: 'PORT', value: String(PORTS.api) },
            { name: 'DB_FILE', value: '/data/db.json' },
            { name: 'SHUTDOWN_TIMEOUT_MS', value: String(SHUTDOWN_TIMEOUT_MS) },
          ],
          readinessProbe: httpProbe('/readyz', { periodSeconds: 5, failureThreshold: 2 }),
          // The first start imports db.json before it listens (a 546 MB seed took 31 s): liveness
          // waits for it, or the kubelet would kill every import and restart it from nothing.
          startupProbe: httpProbe('/livez', { periodSeconds: 2, failureThreshold: 150 }),
          livenessProbe: httpProbe('/livez', { periodSeconds: 10, failureThreshold: 3 }),
          // Kubernetes removes the pod from Endpoints while SIGTERM is on its way: keep
          // serving a few seconds so no request hits a closed listener.
          lifecycle: { preStop: { sleep: { seconds: PRESTOP_SECONDS } } },
          resources: resources('250m', '128Mi', '1', '256Mi'),
          securityContext: restrictedContainer(APP_UID),
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
        },
      ],
      volumes: [{ name: 'data', emptyDir: { sizeLimit: '256Mi' } }],
    }),
    service(name, NS.app, PORTS.api),
    {
      // Voluntary disruptions (drains, upgrades) take pods one at a time.
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name, namespace: NS.app },
      spec: { maxUnavailable: 1, selector: { matchLabels: labels(name) } },
    },
    scaledObject(),
  ];
}

/** The policy's rules are readonly, kubernetes-models' are not: the same fields, in the same order. */
const hpaRules = (r: HpaScalingRules): IHPAScalingRules => ({ ...r, policies: [...r.policies] });

export function scaledObject(): ScaledObject {
  const p = SCALING_POLICY;
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: NAMES.api, namespace: NS.app },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: NAMES.api },
      minReplicaCount: p.minReplicas,
      maxReplicaCount: p.maxReplicas,
      // No cooldownPeriod / pollingInterval: with minReplicaCount >= 1, KEDA ignores them; the HPA behavior below rules.
      advanced: {
        horizontalPodAutoscalerConfig: {
          behavior: {
            scaleUp: hpaRules(p.behavior.scaleUp),
            scaleDown: hpaRules(p.behavior.scaleDown),
          },
        },
      },
      triggers: [
        {
          type: 'prometheus',
          metricType: 'AverageValue',
          metadata: {
            serverAddress: PROMETHEUS_URL,
            query: p.query,
            threshold: String(p.threshold),
            activationThreshold: String(p.activationThreshold),
          },
        },
      ],
    },
  };
}
