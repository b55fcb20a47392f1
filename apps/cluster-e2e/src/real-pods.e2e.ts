/**
 * Our Deployment on real pods (local-cluster's real node): three crocodile-api pods behind the
 * ClusterIP Service. Prometheus, on the host, finds them with our cluster config's
 * kubernetes-pods job (kubernetes_sd_configs, the prometheus.io annotations) and scrapes each
 * one, and scrapes cAdvisor through the API server's node proxy as in a cluster. Load through
 * the Service spreads over the three; scaling down to one under load terminates two pods
 * through preStop and the SIGTERM drain, and no request fails.
 *
 * Not here (needs KEDA's binaries): the HPA deciding the replica count, and the verifier's
 * verdict. Run: node --test apps/cluster-e2e/src/real-pods.e2e.ts (root; about 2 minutes).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseAllDocuments } from 'yaml';
import {
  clusterBinaries,
  realNodeBlocker,
  REAL_NODE_BINARIES,
  REAL_NODE_PROGRAMS,
  startLocalCluster,
  type LocalCluster,
} from '@loadlab/local-cluster';
import { startPrometheus, type RunningPrometheus } from '@loadlab/local-stack';
import { waitFor } from '@loadlab/process-supervisor';
import { WORKSPACE_CLUSTER, WORKSPACE_ROOT } from '@loadlab/workspace';
import { kubeQueries, TUTORIAL_NAMING } from '@loadlab/metrics';
import { clusterPrometheusConfig, GLOBAL } from '@loadlab/prometheus-config';

const APP = 'crocodile-api';
const REPLICAS = 3;
const OVERLAY = join(WORKSPACE_ROOT, 'libs/k8s-manifests/overlays/minikube');
const IMAGE_RECORD = join(WORKSPACE_ROOT, 'dist/images/crocodile-api.json');
const image = existsSync(IMAGE_RECORD)
  ? (JSON.parse(readFileSync(IMAGE_RECORD, 'utf8')) as { local?: string }).local
  : undefined;
const { missing, dir } = clusterBinaries(WORKSPACE_CLUSTER.binDir, [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  ...REAL_NODE_BINARIES,
]);
/** Debian's Prometheus is built without Kubernetes service discovery (its version says +ds). */
function prometheusWithoutK8sSd(): string | undefined {
  let version = '';
  try {
    version = execFileSync('prometheus', ['--version'], { encoding: 'utf8' });
  } catch {
    return 'no prometheus on PATH';
  }
  return /\+ds\b/.test(version)
    ? `the prometheus on PATH is Debian's (${version.split('\n')[0]}), built without kubernetes_sd_configs; build one with it (cd tools/promtool && GOFLAGS=-mod=mod go build -o <dir>/prometheus github.com/prometheus/prometheus/cmd/prometheus) and put <dir> first on PATH`
    : undefined;
}

const skip =
  realNodeBlocker(REAL_NODE_PROGRAMS) ??
  prometheusWithoutK8sSd() ??
  (missing.length ? `binaries missing in ${dir}: ${missing.join(', ')}` : undefined) ??
  (image ? undefined : `no image in ${IMAGE_RECORD}: run npx nx run crocodile-api:docker-build`);
if (skip) console.log(`# SKIP real pods: ${skip}`);

interface K8sObject {
  kind: string;
  metadata: { name: string };
  spec: {
    replicas?: number;
    template?: { spec: { containers: { image: string }[] } };
  };
}

function appManifests(ref: string): string {
  const rendered = execFileSync('kubectl', ['kustomize', OVERLAY], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const mine = parseAllDocuments(rendered)
    .map((d) => d.toJS() as K8sObject)
    .filter((o) => o.metadata.name === APP && ['Deployment', 'Service'].includes(o.kind));
  for (const o of mine) {
    if (o.kind !== 'Deployment') continue;
    o.spec.replicas = REPLICAS;
    o.spec.template!.spec.containers[0]!.image = ref;
  }
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: mine });
}

type Job = Record<string, unknown> & { job_name: string; relabel_configs?: object[] };

/**
 * Our cluster config's pods and cAdvisor jobs, run from the host: service discovery through the
 * admin kubeconfig instead of the in-cluster ServiceAccount, and the API server's address
 * instead of kubernetes.default.svc (no cluster DNS on the host). The relabelling is untouched.
 */
function hostPrometheusConfig(c: LocalCluster, pki: string) {
  const jobs = clusterPrometheusConfig({ alertmanager: '', kubeStateMetrics: '', ruleFiles: [] })
    .scrape_configs as Job[];
  const job = (name: string) => jobs.find((j) => j.job_name === name)!;
  const sd = (role: string) => [{ role, kubeconfig_file: c.kubeconfig }];
  const apiserver = new URL(c.server).host;
  const cadvisor = job('kubernetes-cadvisor');
  return {
    global: GLOBAL,
    scrape_configs: [
      { ...job('kubernetes-pods'), kubernetes_sd_configs: sd('pod') },
      {
        job_name: cadvisor.job_name,
        scheme: 'https',
        tls_config: {
          ca_file: join(pki, 'ca.crt'),
          cert_file: join(pki, 'admin.crt'),
          key_file: join(pki, 'admin.key'),
        },
        kubernetes_sd_configs: sd('node'),
        relabel_configs: JSON.parse(
          JSON.stringify(cadvisor.relabel_configs).replace('kubernetes.default.svc:443', apiserver),
        ) as object[],
      },
    ],
  };
}

/** One request on a fresh connection (so kube-proxy picks a pod for each). */
function request(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

class Load {
  ok = 0;
  readonly failures: string[] = [];
  #stop = false;
  #loops: Promise<void>[] = [];

  start(url: string, concurrency: number, maxMs: number): void {
    const deadline = Date.now() + maxMs;
    for (let i = 0; i < concurrency; i++) {
      this.#loops.push(
        (async () => {
          while (!this.#stop && Date.now() < deadline) {
            try {
              const status = await request(url);
              if (status === 200) this.ok++;
              else this.failures.push(`HTTP ${status}`);
            } catch (err) {
              this.failures.push((err as Error).message);
            }
          }
        })(),
      );
    }
  }

  async stop(): Promise<void> {
    this.#stop = true;
    await Promise.all(this.#loops);
  }
}

describe('real pods: discovery, load spread and a lossless scale-down', { skip }, () => {
  let workDir: string;
  let cluster: LocalCluster | undefined;
  let prom: RunningPrometheus | undefined;
  let serviceUrl: string;
  const load = new Load();

  before(async () => {
    workDir = await mkdtemp('/tmp/lc-');
    cluster = await startLocalCluster({
      ...WORKSPACE_CLUSTER,
      workDir,
      node: 'real',
      images: [image!],
      log: (m) => console.log(`# ${m}`),
    });
    await cluster.kubectl(['apply', '-f', '-'], appManifests(image!));
    await waitFor(
      async () =>
        (
          await cluster!.kubectl([
            'get',
            'deployment',
            APP,
            '-o',
            'jsonpath={.status.readyReplicas}',
          ])
        ).trim() === String(REPLICAS),
      { what: `${REPLICAS} ready pods`, timeoutMs: 120_000, intervalMs: 500 },
    );
    const ip = (
      await cluster.kubectl(['get', 'service', APP, '-o', 'jsonpath={.spec.clusterIP}'])
    ).trim();
    serviceUrl = `http://${ip}:4000/crocodiles`;
    prom = await startPrometheus({
      dir: join(workDir, 'prometheus'),
      config: hostPrometheusConfig(cluster, join(workDir, 'pki')),
    });
  });

  after(async () => {
    await load.stop();
    await prom?.stop();
    await cluster?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  const podNames = async () =>
    (
      await cluster!.kubectl([
        'get',
        'pods',
        '-l',
        `app.kubernetes.io/name=${APP}`,
        '-o',
        'jsonpath={.items[*].metadata.name}',
      ])
    )
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .sort();

  it('Prometheus discovers each pod through kubernetes_sd_configs and scrapes it', async () => {
    const pods = await podNames();
    assert.equal(pods.length, REPLICAS);
    let up: string[] = [];
    await waitFor(
      async () => {
        up = (await prom!.api.query('up{job="kubernetes-pods"} == 1'))
          .map((s) => s.metric.pod!)
          .sort();
        return JSON.stringify(up) === JSON.stringify(pods);
      },
      { what: `${REPLICAS} pod targets up`, timeoutMs: 60_000, intervalMs: 1000 },
    ).catch((err: Error) => {
      throw new Error(`${err.message}: up for ${up.join(', ') || 'none'}; pods ${pods.join(', ')}`);
    });
    const labels = (await prom!.api.query('up{job="kubernetes-pods"}'))[0]!.metric;
    assert.equal(labels.namespace, 'default');
    assert.equal(labels['app_kubernetes_io_name'], APP);
  });

  it('load through the Service spreads over every pod', async () => {
    load.start(serviceUrl, 12, 180_000);
    const { requestsTotal, labels } = TUTORIAL_NAMING;
    const expr = `sum by (pod) (${requestsTotal}{${labels.app}="${APP}",${labels.route}="/crocodiles"})`;
    let shares: Record<string, number> = {};
    await waitFor(
      async () => {
        const s = await prom!.api.query(expr);
        const total = s.reduce((a, x) => a + x.value, 0);
        shares = Object.fromEntries(s.map((x) => [x.metric.pod!, x.value / total]));
        // Each pod's share of the requests, once enough were counted to judge.
        return total >= 300 && s.length === REPLICAS;
      },
      { what: 'requests counted on every pod', timeoutMs: 60_000, intervalMs: 1000 },
    );
    console.log(`# shares of the requests by pod: ${JSON.stringify(shares)}`);
    for (const [pod, share] of Object.entries(shares)) {
      assert.ok(share > 0.15, `${pod} served ${(share * 100).toFixed(0)}% (< 15%)`);
    }
    assert.deepEqual(load.failures, []);
  });

  it("the dashboards' cAdvisor queries return live data for each pod (through the API server proxy)", async () => {
    const scope = { namespace: 'default', app: APP };
    const perPod = {
      cpuPerPod: kubeQueries.cpuPerPod(scope),
      memoryPerPod: kubeQueries.memoryPerPod(scope),
      // No panel query yet for network per workload: the series it would read.
      networkPerPod: `sum by (pod) (rate(container_network_receive_bytes_total{namespace="default",pod=~"${APP}-.*"}[1m]))`,
    };
    for (const [name, expr] of Object.entries(perPod)) {
      let got: string[] = [];
      await waitFor(
        async () => {
          got = (await prom!.api.query(expr)).map((s) => s.metric.pod!);
          return new Set(got).size === REPLICAS;
        },
        { what: `${name} for ${REPLICAS} pods`, timeoutMs: 60_000, intervalMs: 1000 },
      ).catch((err: Error) => {
        throw new Error(`${err.message}: ${expr} gave pods ${got.join(', ') || 'none'}`);
      });
    }
    for (const [name, expr] of Object.entries({
      memoryLimit: kubeQueries.memoryLimit(scope),
      nodeCpuCores: kubeQueries.nodeCpuCores(),
      nodeMemoryBytes: kubeQueries.nodeMemoryBytes(),
    })) {
      const s = await prom!.api.query(expr);
      assert.ok(s.length > 0 && s[0]!.value > 0, `${name}: ${expr} returned ${JSON.stringify(s)}`);
    }
    // The limit in the manifest: 256Mi.
    assert.equal((await prom!.api.query(kubeQueries.memoryLimit(scope)))[0]!.value, 256 * 2 ** 20);
  });

  it(`scaling ${REPLICAS} -> 1 under load drains the removed pods: 0 failed requests`, async () => {
    const before = load.ok;
    const t0 = Date.now();
    await cluster!.kubectl(['scale', 'deployment', APP, '--replicas=1']);
    await waitFor(async () => (await podNames()).length === 1, {
      what: 'the two removed pods gone',
      timeoutMs: 90_000,
      intervalMs: 500,
    });
    console.log(`# 3 -> 1 pods in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await sleep(3_000);
    await load.stop();
    console.log(`# ${load.ok} requests ok (${load.ok - before} during the scale-down)`);
    assert.ok(load.ok - before > 50, 'requests kept flowing during the scale-down');
    assert.deepEqual(load.failures, [], 'no request failed');
  });
});
