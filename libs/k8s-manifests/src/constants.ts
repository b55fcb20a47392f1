/** The one place for the cluster's names, ports and pinned images. */
import {
  K6_IMAGE_TAG,
  K6_OPERATOR_VERSION,
  KEDA_VERSION,
  KUBE_STATE_METRICS_VERSION,
} from './pinned-versions.ts';

export const NS = { monitoring: 'monitoring', app: 'default' } as const;

export const PORTS = {
  api: 4000,
  prometheus: 9090,
  alertmanager: 9093,
  grafana: 3000,
  influxdb: 8086,
  kubeStateMetrics: 8080,
} as const;

export const IMAGES = {
  prometheus: 'quay.io/prometheus/prometheus:v2.53.4',
  alertmanager: 'quay.io/prometheus/alertmanager:v0.27.0',
  kubeStateMetrics: `registry.k8s.io/kube-state-metrics/kube-state-metrics:${KUBE_STATE_METRICS_VERSION}`,
  grafana: 'docker.io/grafana/grafana:11.6.1',
  influxdb: 'docker.io/library/influxdb:1.8.10',
  /** Registry and tag are set per overlay (kustomize's images transformer matches the name). */
  api: 'crocodile-api:0.1.0',
  /** The TestRuns' initializer and runners and compose's k6: the k6 built locally (tools/versions.env). */
  k6: `docker.io/grafana/k6:${K6_IMAGE_TAG}`,
  /**
   * The TestRuns' starter (sh + curl to each runner's REST API). Pinned to the operator's release,
   * not the operator's default :latest-starter, which is unpinned and always pulled.
   */
  k6OperatorStarter: `ghcr.io/grafana/k6-operator:starter-${K6_OPERATOR_VERSION}`,
} as const;

/**
 * Pinned platform components (installed by nx run k8s-manifests:platform): the release URL, and the
 * vendored copy of its CRDs and RBAC in platform/, which is also the one copy of their CRDs
 * (src/platform-crds.ts). Versions from tools/versions.env; scripts/kube.sh builds the same names.
 */
export const PLATFORM = {
  keda: {
    version: KEDA_VERSION,
    url: `https://github.com/kedacore/keda/releases/download/${KEDA_VERSION}/keda-${KEDA_VERSION.slice(1)}.yaml`,
    vendored: `platform/keda-${KEDA_VERSION}.yaml`,
  },
  k6Operator: {
    version: K6_OPERATOR_VERSION,
    url: `https://raw.githubusercontent.com/grafana/k6-operator/${K6_OPERATOR_VERSION}/bundle.yaml`,
    vendored: `platform/k6-operator-${K6_OPERATOR_VERSION}.yaml`,
  },
} as const;

/** What deploy and load made (scripts/kube.sh says the same): teardown removes only these. */
export const OWNER_LABEL = { key: 'app.kubernetes.io/managed-by', value: 'loadlab' } as const;

export const NAMES = {
  api: 'crocodile-api',
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  kubeStateMetrics: 'kube-state-metrics',
  grafana: 'grafana',
  influxdb: 'influxdb',
  /** Created at deploy time from the environment, never committed. */
  grafanaAdminSecret: 'grafana-admin',
  imagePullSecret: 'regcred',
} as const;

/** In-cluster DNS names, never IPs. */
export const dns = (name: string, ns: string, port: number) =>
  `http://${name}.${ns}.svc.cluster.local:${port}`;
export const PROMETHEUS_URL = dns(NAMES.prometheus, NS.monitoring, PORTS.prometheus);

/** The overlay for libs/local-cluster's real node: the platform as pods, on images built there. */
export const LOCAL_CLUSTER_OVERLAY = 'local-cluster';
/** What that overlay leaves out (Deployment + Service each): no image can be had there. */
export const LOCAL_CLUSTER_ABSENT = [NAMES.grafana, NAMES.alertmanager, NAMES.influxdb] as const;
export const LOCAL_CLUSTER_ABSENT_CONFIGMAPS = [
  'alertmanager-config',
  'grafana-datasources',
  'grafana-dashboard-provider',
  'grafana-dashboards',
] as const;
