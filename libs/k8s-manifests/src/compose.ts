/**
 * The same stack for a laptop with Docker: compose.yaml plus the Prometheus and Grafana files it
 * mounts, generated next to the manifests from the same constants (images, ports, dashboards).
 * Ports bind to 127.0.0.1 only; Grafana's admin password must come from the environment.
 */
import { appScrapeJob, GLOBAL } from '@loadlab/prometheus-config';
import { IMAGES, NAMES, PORTS } from './constants.ts';
import { grafanaDatasources } from './resources/grafana-influxdb.ts';
import { LOAD_SUITES } from './resources/load.ts';

/** The Compose file fields loadlab writes (the Compose Specification's names). */
interface ComposeService {
  image: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: string[];
  profiles?: string[];
  read_only?: boolean;
  stop_grace_period?: string;
}
export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, object>;
}

const url = (name: string, port: number) => `http://${name}:${port}`;
const loopback = (port: number) => `127.0.0.1:${port}:${port}`;
/** Paths in compose.yaml are relative to its folder, libs/k8s-manifests/compose. */
const WORKSPACE = '../../..';

export function composePrometheusConfig() {
  return {
    global: GLOBAL,
    scrape_configs: [
      appScrapeJob([
        { address: `${NAMES.api}:${PORTS.api}`, namespace: 'compose', pod: NAMES.api },
      ]),
    ],
  };
}

export const composeDatasources = () =>
  grafanaDatasources({
    prometheus: url(NAMES.prometheus, PORTS.prometheus),
    influxdb: url(NAMES.influxdb, PORTS.influxdb),
  });

export function composeFile(): ComposeFile {
  return {
    services: {
      [NAMES.api]: {
        // Build context is the workspace; run `npx nx run crocodile-api:build` first (see the README).
        build: { context: WORKSPACE, dockerfile: 'apps/crocodile-api/Dockerfile' },
        image: 'localhost/crocodile-api:compose',
        read_only: true,
        environment: { PORT: String(PORTS.api) },
        volumes: ['crocodile-data:/data'],
        ports: [loopback(PORTS.api)],
        stop_grace_period: '15s',
      },
      [NAMES.prometheus]: {
        image: IMAGES.prometheus,
        command: [
          '--config.file=/etc/prometheus/prometheus.yml',
          '--web.enable-remote-write-receiver',
          // k6 sends request durations as native histograms (summable across load generators).
          '--enable-feature=native-histograms',
        ],
        volumes: ['./prometheus.yml:/etc/prometheus/prometheus.yml:ro'],
        ports: [loopback(PORTS.prometheus)],
        depends_on: [NAMES.api],
      },
      [NAMES.influxdb]: {
        image: IMAGES.influxdb,
        environment: { INFLUXDB_DB: 'k6', INFLUXDB_HTTP_AUTH_ENABLED: 'false' },
        volumes: ['influxdb-data:/var/lib/influxdb'],
        ports: [loopback(PORTS.influxdb)],
      },
      [NAMES.grafana]: {
        image: IMAGES.grafana,
        environment: {
          GF_SECURITY_ADMIN_USER: '${GRAFANA_ADMIN_USER:-loadlab}',
          // Required, never defaulted: no admin/admin, and nothing committed.
          GF_SECURITY_ADMIN_PASSWORD: '${GRAFANA_ADMIN_PASSWORD:?set GRAFANA_ADMIN_PASSWORD}',
          GF_USERS_ALLOW_SIGN_UP: 'false',
        },
        volumes: [
          './grafana/datasources.yaml:/etc/grafana/provisioning/datasources/loadlab.yaml:ro',
          './grafana/dashboards.yaml:/etc/grafana/provisioning/dashboards/loadlab.yaml:ro',
          '../base/grafana/dashboards:/var/lib/grafana-dashboards:ro',
        ],
        ports: [loopback(PORTS.grafana)],
        depends_on: [NAMES.prometheus, NAMES.influxdb],
      },
      // On demand: K6_SUITE=ramp docker compose --profile load run --rm k6
      k6: {
        image: IMAGES.k6,
        profiles: ['load'],
        command: [
          'run',
          '--tag',
          'testid=${K6_SUITE:-ramp}-compose',
          '--out',
          `influxdb=${url(NAMES.influxdb, PORTS.influxdb)}/k6`,
          `/scripts/\${K6_SUITE:-${LOAD_SUITES[0]}}.js`,
        ],
        environment: { BASE_URL: url(NAMES.api, PORTS.api), TESTID: '${K6_SUITE:-ramp}-compose' },
        volumes: ['../load/scripts:/scripts:ro'],
        depends_on: [NAMES.api, NAMES.influxdb],
      },
    },
    volumes: { 'crocodile-data': {}, 'influxdb-data': {} },
  };
}
