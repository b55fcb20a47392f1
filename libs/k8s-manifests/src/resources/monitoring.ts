/** Prometheus, kube-state-metrics and Alertmanager in the monitoring namespace. */
import type {
  IClusterRoleBinding,
  IPolicyRule,
} from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import type { IServiceAccount } from 'kubernetes-models/v1';
import { NAMES, NS, PORTS, IMAGES } from '../constants.ts';
import {
  deployment,
  httpProbe,
  labels,
  resources,
  restrictedContainer,
  service,
} from './helpers.ts';
import type { Manifest } from './manifest.ts';

const sa = (name: string): IServiceAccount => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, namespace: NS.monitoring },
});
const binding = (name: string): IClusterRoleBinding => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
  subjects: [{ kind: 'ServiceAccount', name, namespace: NS.monitoring }],
});
const readOnly = ['get', 'list', 'watch'];

/** A ServiceAccount with a ClusterRole of the given rules, bound to it. */
const clusterReader = (name: string, rules: IPolicyRule[]): Manifest[] => [
  sa(name),
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules },
  binding(name),
];

export function prometheusResources(): Manifest[] {
  const name = NAMES.prometheus;
  return [
    // Least privilege: read what service discovery needs, nodes' metrics through the API server proxy.
    ...clusterReader(name, [
      {
        apiGroups: [''],
        resources: ['nodes', 'nodes/metrics', 'services', 'pods'],
        verbs: readOnly,
      },
      { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: readOnly },
      { nonResourceURLs: ['/metrics'], verbs: ['get'] },
    ]),
    deployment({
      name,
      namespace: NS.monitoring,
      replicas: 1,
      serviceAccountName: name,
      uid: 65534,
      containers: [
        {
          name,
          image: IMAGES.prometheus,
          args: [
            '--config.file=/etc/prometheus/prometheus.yml',
            '--storage.tsdb.path=/prometheus',
            '--storage.tsdb.retention.time=2d',
            '--web.enable-remote-write-receiver',
            // k6 sends request durations as native histograms (summable across load generators).
            '--enable-feature=native-histograms',
            `--web.listen-address=:${PORTS.prometheus}`,
          ],
          ports: [{ name: 'http', containerPort: PORTS.prometheus }],
          readinessProbe: httpProbe('/-/ready'),
          livenessProbe: httpProbe('/-/healthy'),
          resources: resources('250m', '512Mi', '1', '1Gi'),
          securityContext: restrictedContainer(65534),
          volumeMounts: [
            { name: 'config', mountPath: '/etc/prometheus' },
            { name: 'data', mountPath: '/prometheus' },
          ],
        },
      ],
      volumes: [
        { name: 'config', configMap: { name: 'prometheus-config' } },
        { name: 'data', emptyDir: { sizeLimit: '4Gi' } },
      ],
    }),
    service(name, NS.monitoring, PORTS.prometheus),
  ];
}

/**
 * What kube-state-metrics watches, by API group: one list for both its ClusterRole and its
 * --resources flag. Without the flag it watches its whole default set (endpoints, leases,
 * webhooks, ...), waits forever for the informers the RBAC forbids, and never turns Ready.
 */
const KSM_WATCHES: Readonly<Record<string, readonly string[]>> = {
  '': [
    'nodes',
    'pods',
    'services',
    'namespaces',
    'replicationcontrollers',
    'resourcequotas',
    'limitranges',
    'persistentvolumeclaims',
    'persistentvolumes',
    'configmaps',
  ],
  apps: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
  autoscaling: ['horizontalpodautoscalers'],
  batch: ['jobs', 'cronjobs'],
  'discovery.k8s.io': ['endpointslices'],
};

/** kube-state-metrics' own metrics and /readyz. */
const KSM_TELEMETRY_PORT = 8081;

export function kubeStateMetricsResources(): Manifest[] {
  const name = NAMES.kubeStateMetrics;
  return [
    ...clusterReader(
      name,
      Object.entries(KSM_WATCHES).map(([group, resources]) => ({
        apiGroups: [group],
        resources: [...resources],
        verbs: ['list', 'watch'],
      })),
    ),
    deployment({
      name,
      namespace: NS.monitoring,
      replicas: 1,
      serviceAccountName: name,
      uid: 65534,
      containers: [
        {
          name,
          image: IMAGES.kubeStateMetrics,
          args: [
            `--port=${PORTS.kubeStateMetrics}`,
            `--telemetry-port=${KSM_TELEMETRY_PORT}`,
            `--resources=${Object.values(KSM_WATCHES).flat().sort().join(',')}`,
          ],
          ports: [
            { name: 'http', containerPort: PORTS.kubeStateMetrics },
            { name: 'telemetry', containerPort: KSM_TELEMETRY_PORT },
          ],
          // As upstream's manifests: /livez on the metrics port, /readyz on the telemetry port
          // (found on the real node: /readyz on the metrics port answers 404, so it never turned Ready).
          readinessProbe: {
            ...httpProbe('/readyz'),
            httpGet: { path: '/readyz', port: 'telemetry' },
          },
          livenessProbe: httpProbe('/livez'),
          resources: resources('50m', '64Mi', '250m', '256Mi'),
          securityContext: restrictedContainer(65534),
        },
      ],
    }),
    service(name, NS.monitoring, PORTS.kubeStateMetrics),
  ];
}

export function alertmanagerResources(): Manifest[] {
  const name = NAMES.alertmanager;
  return [
    deployment({
      name,
      namespace: NS.monitoring,
      replicas: 1,
      uid: 65534,
      containers: [
        {
          name,
          image: IMAGES.alertmanager,
          args: [
            '--config.file=/etc/alertmanager/alertmanager.yml',
            '--storage.path=/alertmanager',
          ],
          ports: [{ name: 'http', containerPort: PORTS.alertmanager }],
          readinessProbe: httpProbe('/-/ready'),
          livenessProbe: httpProbe('/-/healthy'),
          resources: resources('25m', '32Mi', '100m', '128Mi'),
          securityContext: restrictedContainer(65534),
          volumeMounts: [
            { name: 'config', mountPath: '/etc/alertmanager' },
            { name: 'data', mountPath: '/alertmanager' },
          ],
        },
      ],
      volumes: [
        { name: 'config', configMap: { name: 'alertmanager-config' } },
        { name: 'data', emptyDir: {} },
      ],
    }),
    service(name, NS.monitoring, PORTS.alertmanager),
  ];
}

/** The part of Alertmanager's configuration file loadlab writes. */
export interface AlertmanagerConfig {
  route: { receiver: string; group_by?: string[]; group_wait?: string; repeat_interval?: string };
  receivers: { name: string }[];
}

/** A default receiver that does nothing until you give it a webhook, email or Slack config. */
export function alertmanagerConfig(): AlertmanagerConfig {
  return {
    route: {
      receiver: 'default',
      group_by: ['alertname', 'namespace'],
      group_wait: '30s',
      repeat_interval: '4h',
    },
    receivers: [{ name: 'default' }],
  };
}

export { labels };
