/**
 * A real Prometheus on the host running the cluster config we ship (libs/k8s-manifests/base/
 * prometheus), as the prometheus ServiceAccount: its kubernetes_sd_configs use the in-cluster
 * defaults (token and CA under /var/run/secrets, KUBERNETES_SERVICE_HOST), exactly as in the pod.
 * Only in-cluster DNS addresses change (see differences.ts). Needs a Prometheus with Kubernetes
 * service discovery: Debian's has none.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse, stringify } from 'yaml';
import {
  startInCluster,
  waitForComponent,
  type Component,
  type Kubectl,
} from '@loadlab/local-cluster';
import { freePort } from '@loadlab/process-supervisor';
import { PrometheusApi } from '@loadlab/prometheus-client';
import {
  clusterPrometheusConfig,
  kubeStateMetricsJob,
  type ClusterOptions,
} from '@loadlab/prometheus-config';
import { WORKSPACE_ROOT } from '@loadlab/workspace';

const RENDERED = join(WORKSPACE_ROOT, 'libs/k8s-manifests/base/prometheus');
export const PROMETHEUS_K8S_BUILD = 'bash tools/setup/ensure-prometheus-k8s.sh';

/** Prometheus built with Kubernetes SD (the same module as the pinned promtool). */
export const prometheusK8sBinary = () =>
  process.env.PROMETHEUS_K8S || join(WORKSPACE_ROOT, '.tools/promtool/prometheus');

export function prometheusK8sMissing(): string | undefined {
  return existsSync(prometheusK8sBinary())
    ? undefined
    : `${prometheusK8sBinary()} is missing; build it with ${PROMETHEUS_K8S_BUILD}`;
}

export interface ClusterPrometheus {
  readonly url: string;
  readonly api: PrometheusApi;
  readonly component: Component;
  /** The config it runs: the shipped one with the host's addresses (see differences.ts). */
  readonly configFile: string;
}

interface RenderedConfig {
  alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
  rule_files: string[];
  scrape_configs: { job_name: string; static_configs?: { targets: string[] }[] }[];
}

/**
 * The parameters the shipped prometheus.yml was rendered with, read back from it; and a check that
 * clusterPrometheusConfig makes exactly that file from them, so that the config run here, built
 * from the same parameters with the host's addresses, is the config we ship.
 */
async function shippedConfigOptions(): Promise<ClusterOptions> {
  const file = join(RENDERED, 'prometheus.yml');
  const rendered = parse(await readFile(file, 'utf8')) as RenderedConfig;
  const ksmJob = kubeStateMetricsJob('').job_name;
  const shipped = {
    alertmanager: rendered.alerting.alertmanagers[0]!.static_configs[0]!.targets[0]!,
    kubeStateMetrics: rendered.scrape_configs.find((j) => j.job_name === ksmJob)!
      .static_configs![0]!.targets[0]!,
    ruleFiles: rendered.rule_files,
  };
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(clusterPrometheusConfig(shipped))), rendered))
    throw new Error(
      `${file} is not what clusterPrometheusConfig renders: run npx nx run k8s-manifests:generate`,
    );
  return shipped;
}

export async function startClusterPrometheus(o: {
  kubectl: Kubectl;
  server: string;
  dir: string;
  logDir: string;
  kubeStateMetrics: string;
  kedaOperatorMetrics: string;
}): Promise<ClusterPrometheus> {
  await mkdir(o.dir, { recursive: true });
  const shipped = clusterPrometheusConfig({
    ...(await shippedConfigOptions()),
    kubeStateMetrics: o.kubeStateMetrics,
    apiServer: new URL(o.server).host,
  });
  const config = {
    ...shipped,
    scrape_configs: [
      ...shipped.scrape_configs,
      { job_name: 'keda-operator', static_configs: [{ targets: [o.kedaOperatorMetrics] }] },
    ],
  };
  const configFile = join(o.dir, 'prometheus.yml');
  await writeFile(configFile, stringify(config));
  await copyFile(join(RENDERED, 'rules.yml'), join(o.dir, 'rules.yml'));

  const port = await freePort();
  const component = await startInCluster({
    name: 'prometheus-cluster-config',
    binary: prometheusK8sBinary(),
    args: [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(o.dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=info',
    ],
    logDir: o.logDir,
    kubectl: o.kubectl,
    server: o.server,
    namespace: 'monitoring',
    serviceAccount: 'prometheus',
    dir: join(o.dir, 'serviceaccount'),
  });
  const url = `http://127.0.0.1:${port}`;
  const api = new PrometheusApi(url);
  await waitForComponent(component, `ready on ${url}`, () => api.ready(), 60_000);
  return { url, api, component, configFile };
}
