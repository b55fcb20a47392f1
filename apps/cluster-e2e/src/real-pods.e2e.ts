/**
 * Our Deployment on real pods (local-cluster's real node): three crocodile-api pods behind the
 * ClusterIP Service. Prometheus, on the host, finds them with our cluster config's
 * kubernetes-pods job (kubernetes_sd_configs, the prometheus.io annotations) and scrapes each
 * one, and scrapes the kubelet (/metrics, /metrics/cadvisor) through the API server's node proxy
 * with a token of the ServiceAccount and ClusterRole our manifests give Prometheus. Every
 * dashboard panel on cAdvisor series returns live data per pod. Load through the Service spreads
 * over the three; scaling down to one under load terminates two pods through preStop and the
 * SIGTERM drain, and no request fails.
 *
 * The HPA deciding the replica count, and the verifier's verdict: real-scale-out.e2e.ts.
 * Run: node --test apps/cluster-e2e/src/real-pods.e2e.ts (root; about 80 s).
 *
 * @e2e-needs image real-node prometheus-k8s
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  appPods,
  hostPrometheusConfig,
  readyReplicas,
  startLocalCluster,
  type LocalCluster,
} from '@loadlab/local-cluster';
import { startPrometheus, type RunningPrometheus } from '@loadlab/local-stack';
import { waitFor } from '@loadlab/process-supervisor';
import { TUTORIAL_NAMING } from '@loadlab/metrics';
import { isClusterQuery, panelQueries, substitute } from '@loadlab/dashboards/panel-queries';
import {
  APP,
  appObjects,
  asList,
  builtImage,
  Load,
  objectsNamed,
  realNodeSkip,
  renderOverlay,
  startRealNodeCluster,
  type TempCluster,
} from '@loadlab/e2e-fixtures';
import { REAL_NODE_CHECKS } from '@loadlab/local-cluster';

const REPLICAS = 3;

const image = builtImage();
const skip = realNodeSkip(REAL_NODE_CHECKS, { prometheus: true });
if (skip) console.log(`# SKIP real pods: ${skip}`);

/** The dashboards' panels that read the kubelet's cAdvisor series. */
const KUBELET_PANELS = [
  ...panelQueries('crocodile-load-test.json'),
  ...panelQueries('cluster-overview.json'),
].filter((q) => isClusterQuery(q.query) && /\bcontainer_/.test(q.query));
/** The workloads dashboard's CPU, memory and network per Deployment (its other kinds have none here). */
const WORKLOAD_PANELS = panelQueries('workloads.json').filter(
  (q) => /^Deployment (CPU|memory|network)$/.test(q.panel) && /\bcontainer_/.test(q.query),
);

describe('real pods: discovery, load spread and a lossless scale-down', { skip }, () => {
  let cluster: TempCluster<LocalCluster> | undefined;
  let prom: RunningPrometheus | undefined;
  let serviceUrl: string;
  const load = new Load();

  before(async () => {
    cluster = await startRealNodeCluster((base) =>
      startLocalCluster({
        ...base,
        images: [image!],
        // The workloads dashboard joins cAdvisor series to their Deployment through kube-state-metrics.
        kubeStateMetrics: true,
        log: (m) => console.log(`# ${m}`),
      }),
    );
    const rendered = renderOverlay();
    const app = appObjects(rendered, ['Deployment', 'Service'], image!);
    app.find((o) => o.kind === 'Deployment')!.spec.replicas = REPLICAS;
    // Prometheus's ServiceAccount and RBAC as our manifests give them: its token scrapes the kubelet.
    const rbac = [
      ...objectsNamed(rendered, 'monitoring', ['Namespace']),
      ...objectsNamed(rendered, 'prometheus', [
        'ServiceAccount',
        'ClusterRole',
        'ClusterRoleBinding',
      ]),
    ];
    assert.equal(
      rbac.length,
      4,
      'the monitoring Namespace and Prometheus ServiceAccount, ClusterRole, binding',
    );
    await cluster.kubectl(['apply', '-f', '-'], asList([...rbac, ...app]));
    const tokenFile = join(cluster.workDir, 'prometheus.token');
    await writeFile(
      tokenFile,
      (
        await cluster.kubectl([
          '-n',
          'monitoring',
          'create',
          'token',
          'prometheus',
          '--duration=1h',
        ])
      ).trim(),
      { mode: 0o600 },
    );
    await waitFor(async () => (await readyReplicas(cluster!.kubectl, APP)) === REPLICAS, {
      what: `${REPLICAS} ready pods`,
      timeoutMs: 120_000,
      intervalMs: 500,
    });
    const ip = (
      await cluster.kubectl(['get', 'service', APP, '-o', 'jsonpath={.spec.clusterIP}'])
    ).trim();
    serviceUrl = `http://${ip}:4000/crocodiles`;
    prom = await startPrometheus({
      dir: join(cluster.workDir, 'prometheus'),
      config: hostPrometheusConfig(cluster, join(cluster.workDir, 'pki'), tokenFile),
    });
  });

  after(async () => {
    await load.stop();
    await prom?.stop();
    await cluster?.stop();
  });

  const podNames = async () =>
    (await appPods(cluster!.kubectl, APP)).map((p) => p.metadata.name).sort();

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

  it("the kubelet's /metrics and /metrics/cadvisor are scraped with Prometheus's ServiceAccount token", async () => {
    const expr = 'up{job=~"kubernetes-nodes|kubernetes-cadvisor"}';
    let up: string[] = [];
    await waitFor(
      async () => {
        up = (await prom!.api.query(expr)).map((s) => `${s.metric.job}=${s.value}`).sort();
        return up.join() === 'kubernetes-cadvisor=1,kubernetes-nodes=1';
      },
      { what: 'both kubelet targets up', timeoutMs: 60_000, intervalMs: 1000 },
    ).catch((err: Error) => {
      // A 403 here is the ClusterRole missing nodes/proxy or nodes/metrics.
      throw new Error(`${err.message}: ${up.join(', ') || 'no targets'}`);
    });
  });

  it("every dashboard panel on the kubelet's cAdvisor series returns live data for crocodile-api", async () => {
    const vars = { namespace: 'default', app: APP, __rate_interval: '1m' };
    assert.ok(KUBELET_PANELS.length >= 5, `${KUBELET_PANELS.length} cAdvisor panel queries`);
    const pods = await podNames();
    for (const q of KUBELET_PANELS) {
      const expr = substitute(q.query, vars);
      // Per-pod panels must show every pod; the others (limit, node totals) one positive series.
      const perPod = /by \(pod\)/.test(expr);
      let got: { metric: Record<string, string>; value: number }[] = [];
      await waitFor(
        async () => {
          got = await prom!.api.query(expr);
          return perPod
            ? JSON.stringify(got.map((x) => x.metric.pod).sort()) === JSON.stringify(pods)
            : got.length > 0 && got.every((x) => x.value > 0);
        },
        { what: `${q.dashboard} / ${q.panel} / ${q.legend}`, timeoutMs: 60_000, intervalMs: 1000 },
      ).catch((err: Error) => {
        throw new Error(`${err.message}: ${expr} gave ${JSON.stringify(got)}`);
      });
      console.log(
        `# ${q.panel} / ${q.legend}: ${got.map((x) => `${x.metric.pod ?? x.metric.instance ?? ''}=${x.value.toPrecision(3)}`).join(' ')}`,
      );
    }
    // The limit in the manifest: 256Mi.
    const limit = KUBELET_PANELS.find((q) => q.legend === 'limit')!;
    assert.equal((await prom!.api.query(substitute(limit.query, vars)))[0]!.value, 256 * 2 ** 20);
  });

  it('the workloads dashboard: CPU, memory and network per workload, live for the crocodile-api Deployment', async () => {
    const vars = { namespace: 'default', __rate_interval: '1m' };
    assert.equal(WORKLOAD_PANELS.length, 4, WORKLOAD_PANELS.map((q) => q.legend).join(', '));
    for (const q of WORKLOAD_PANELS) {
      const expr = substitute(q.query, vars);
      let got: { metric: Record<string, string>; value: number }[] = [];
      await waitFor(
        async () => {
          got = await prom!.api.query(expr);
          return got.some((x) => x.metric.workload === APP && x.value > 0);
        },
        { what: `workloads / ${q.panel} / ${q.legend}`, timeoutMs: 60_000, intervalMs: 1000 },
      ).catch((err: Error) => {
        throw new Error(`${err.message}: ${expr} gave ${JSON.stringify(got)}`);
      });
      const v = got.find((x) => x.metric.workload === APP)!.value;
      console.log(`# workloads / ${q.panel} / ${q.legend}: ${APP}=${v.toPrecision(3)}`);
    }
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
