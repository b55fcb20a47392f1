/**
 * The config of a Prometheus on the host that reads a local cluster as our cluster config does
 * (what the real-pod e2es and ./loadlab demo --cluster run, where the node has no image for the
 * in-cluster Prometheus).
 */
import { join } from 'node:path';
import { runSync } from '@loadlab/process-supervisor';
import { clusterPrometheusConfig, GLOBAL, kubeStateMetricsJob } from '@loadlab/prometheus-config';
import type { LocalCluster } from './local-cluster.ts';

/**
 * Why this program cannot run that config, or undefined: Debian's Prometheus is built without
 * Kubernetes service discovery (its version says +ds), and the config discovers the pods with it.
 */
export function prometheusK8sSdBlocker(program = 'prometheus'): string | undefined {
  let version = '';
  try {
    version = runSync(program, ['--version']).stdout;
  } catch {
    return `no ${program} on PATH (bash tools/setup/ensure-prometheus-k8s.sh)`;
  }
  return /\+ds\b/.test(version)
    ? `the ${program} on PATH is Debian's (${version.split('\n')[0]}), built without kubernetes_sd_configs: bash tools/setup/ensure-prometheus-k8s.sh, then PATH=.tools/promtool:$PATH`
    : undefined;
}

type Job = Record<string, unknown> & { job_name: string; relabel_configs?: object[] };

/**
 * Our cluster config's pods job and the kubelet's jobs (/metrics and /metrics/cadvisor through
 * the API server's node proxy), run from the host: service discovery through the admin
 * kubeconfig instead of the in-cluster ServiceAccount, and the API server's address instead of
 * kubernetes.default.svc (no cluster DNS on the host), passed as the config's apiServer. The relabelling is untouched. The
 * kubelet's jobs authenticate with tokenFile when given, else with the admin certificate.
 */
export function hostPrometheusConfig(c: LocalCluster, pki: string, tokenFile?: string) {
  const jobs = clusterPrometheusConfig({
    alertmanager: '',
    kubeStateMetrics: '',
    ruleFiles: [],
    apiServer: new URL(c.server).host,
  }).scrape_configs as Job[];
  const job = (name: string) => jobs.find((j) => j.job_name === name)!;
  const sd = (role: string) => [{ role, kubeconfig_file: c.kubeconfig }];
  const viaProxy = (name: string) => ({
    job_name: name,
    scheme: 'https',
    // With a token: as the ServiceAccount our manifests give Prometheus, so its RBAC is what decides.
    ...(tokenFile
      ? {
          tls_config: { ca_file: join(pki, 'ca.crt') },
          authorization: { credentials_file: tokenFile },
        }
      : {
          tls_config: {
            ca_file: join(pki, 'ca.crt'),
            cert_file: join(pki, 'admin.crt'),
            key_file: join(pki, 'admin.key'),
          },
        }),
    kubernetes_sd_configs: sd('node'),
    relabel_configs: job(name).relabel_configs,
  });
  return {
    global: GLOBAL,
    scrape_configs: [
      { ...job('kubernetes-pods'), kubernetes_sd_configs: sd('pod') },
      viaProxy('kubernetes-cadvisor'),
      viaProxy('kubernetes-nodes'),
      ...(c.kubeStateMetricsAddress ? [kubeStateMetricsJob(c.kubeStateMetricsAddress)] : []),
    ],
  };
}
