/** Grafana, provisioned from files (datasources and the generated dashboards), and InfluxDB for k6. */
import { DASHBOARDS } from '@loadlab/dashboards';
import { NAMES, NS, PORTS, IMAGES, dns, PROMETHEUS_URL } from '../constants.ts';
import type { IEnvVar } from 'kubernetes-models/v1';
import {
  APP_UID,
  deployment,
  httpProbe,
  resources,
  restrictedContainer,
  service,
  tcpLiveness,
} from './helpers.ts';
import type { Manifest } from './manifest.ts';

/** Grafana's provisioning files, as far as loadlab writes them. */
export interface GrafanaDatasources {
  apiVersion: 1;
  datasources: {
    name: string;
    uid: string;
    type: 'prometheus' | 'influxdb';
    access: 'proxy';
    url: string;
    isDefault?: boolean;
    database?: string;
    editable: boolean;
  }[];
}
export interface GrafanaDashboardProviders {
  apiVersion: 1;
  providers: {
    name: string;
    folder: string;
    type: 'file';
    disableDeletion: boolean;
    options: { path: string };
  }[];
}

export const DASHBOARD_FILES = Object.keys(DASHBOARDS).map((n) => `${n}.json`);

export function grafanaResources(): Manifest[] {
  const name = NAMES.grafana;
  const fromSecret = (env: string, key: string): IEnvVar => ({
    name: env,
    valueFrom: { secretKeyRef: { name: NAMES.grafanaAdminSecret, key } },
  });
  return [
    deployment({
      name,
      namespace: NS.monitoring,
      replicas: 1,
      uid: APP_UID,
      containers: [
        {
          name,
          image: IMAGES.grafana,
          ports: [{ name: 'http', containerPort: PORTS.grafana }],
          // Admin credentials come from a Secret created at deploy time from the environment.
          env: [
            fromSecret('GF_SECURITY_ADMIN_USER', 'admin-user'),
            fromSecret('GF_SECURITY_ADMIN_PASSWORD', 'admin-password'),
            { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
            // The root filesystem is read-only: log to stdout only, never under /var/log/grafana.
            { name: 'GF_LOG_MODE', value: 'console' },
          ],
          readinessProbe: httpProbe('/api/health'),
          livenessProbe: tcpLiveness(),
          resources: resources('100m', '128Mi', '500m', '512Mi'),
          securityContext: restrictedContainer(APP_UID),
          volumeMounts: [
            { name: 'data', mountPath: '/var/lib/grafana' },
            // Grafana writes temporary files under /tmp (as kube-prometheus mounts it for a read-only root).
            { name: 'tmp', mountPath: '/tmp' },
            { name: 'datasources', mountPath: '/etc/grafana/provisioning/datasources' },
            { name: 'dashboard-provider', mountPath: '/etc/grafana/provisioning/dashboards' },
            { name: 'dashboards', mountPath: '/var/lib/grafana-dashboards' },
          ],
        },
      ],
      volumes: [
        { name: 'data', emptyDir: {} },
        { name: 'tmp', emptyDir: {} },
        { name: 'datasources', configMap: { name: 'grafana-datasources' } },
        { name: 'dashboard-provider', configMap: { name: 'grafana-dashboard-provider' } },
        { name: 'dashboards', configMap: { name: 'grafana-dashboards' } },
      ],
    }),
    service(name, NS.monitoring, PORTS.grafana),
  ];
}

/** Grafana's datasources; the URLs are the in-cluster DNS names unless given (compose passes its own). */
export function grafanaDatasources(
  urls = {
    prometheus: PROMETHEUS_URL,
    influxdb: dns(NAMES.influxdb, NS.monitoring, PORTS.influxdb),
  },
): GrafanaDatasources {
  return {
    apiVersion: 1,
    datasources: [
      {
        name: 'Prometheus',
        uid: 'prometheus',
        type: 'prometheus',
        access: 'proxy',
        url: urls.prometheus,
        isDefault: true,
        editable: false,
      },
      {
        name: 'InfluxDB (k6)',
        uid: 'influxdb',
        type: 'influxdb',
        access: 'proxy',
        url: urls.influxdb,
        database: 'k6',
        editable: false,
      },
    ],
  };
}

export function grafanaDashboardProvider(): GrafanaDashboardProviders {
  return {
    apiVersion: 1,
    providers: [
      {
        name: 'loadlab',
        folder: 'loadlab',
        type: 'file',
        disableDeletion: true,
        options: { path: '/var/lib/grafana-dashboards' },
      },
    ],
  };
}

export function influxdbResources(): Manifest[] {
  const name = NAMES.influxdb;
  return [
    deployment({
      name,
      namespace: NS.monitoring,
      replicas: 1,
      uid: APP_UID,
      containers: [
        {
          name,
          image: IMAGES.influxdb,
          env: [
            { name: 'INFLUXDB_DB', value: 'k6' },
            { name: 'INFLUXDB_REPORTING_DISABLED', value: 'true' },
            { name: 'INFLUXDB_HTTP_BIND_ADDRESS', value: `:${PORTS.influxdb}` },
          ],
          ports: [{ name: 'http', containerPort: PORTS.influxdb }],
          readinessProbe: httpProbe('/ping'),
          livenessProbe: tcpLiveness(),
          resources: resources('100m', '256Mi', '1', '1Gi'),
          securityContext: restrictedContainer(APP_UID),
          volumeMounts: [{ name: 'data', mountPath: '/var/lib/influxdb' }],
        },
      ],
      volumes: [{ name: 'data', emptyDir: { sizeLimit: '4Gi' } }],
    }),
    service(name, NS.monitoring, PORTS.influxdb),
  ];
}
