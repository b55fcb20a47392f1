/**
 * The platform as pods on the real node: our local-cluster overlay (base + overlays/local-cluster:
 * Prometheus, kube-state-metrics and crocodile-api; Grafana, Alertmanager and InfluxDB left out,
 * see the overlay) on images built here from the pinned binaries
 * (libs/local-cluster/scripts/build-platform-images.sh), CoreDNS for in-cluster names and the API
 * server relayed to pods (libs/local-cluster/src/cluster-dns.ts). A TestRun with 2 runners runs
 * with its BASE_URL and remote-write URL as rendered (cluster DNS names), Prometheus discovers and
 * scrapes the pods with its own ServiceAccount, the verifier judges the run from that Prometheus,
 * and every dashboard query runs against it.
 *
 * KEDA stays on the host (apps/cluster-e2e/README.md says why), where cluster names do not
 * resolve: only its ScaledObject's serverAddress is pointed at the in-cluster Prometheus's ClusterIP.
 * Run: node --test apps/cluster-e2e/src/real-platform.e2e.ts (root).
 *
 * @e2e-needs image bundles manifests real-node prometheus-k8s k6-operator runner-images platform-images
 * @e2e-timeout 1500
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { newTestid } from '@loadlab/k6-runner';
import {
  clusterVersions,
  COREDNS_IMAGE,
  deployClusterDns,
  PAUSE_IMAGE,
  relayApiToPods,
  startK6Operator,
  startLocalCluster,
  type ApiRelay,
  type Component,
  type LocalCluster,
} from '@loadlab/local-cluster';
import { PrometheusApi } from '@loadlab/prometheus-client';
import { waitFor } from '@loadlab/process-supervisor';
import { loadSlo, STEP_SECONDS, verifyScaling } from '@loadlab/verdict';
import { WORKSPACE_CLUSTER } from '@loadlab/workspace';
import { panelChecks, type PanelCheck } from './cluster-path/panel-checks.ts';
import { testWorkloads } from './cluster-path/test-workloads.ts';
import {
  APP,
  builtImage,
  OVERLAYS,
  podmanHasImage,
  renderOverlay,
  startRealNodeCluster,
  type TempCluster,
} from '@loadlab/e2e-fixtures';
import { servedRequests } from './real-runners/served.ts';
import { NS, POLICY, PROFILE, runnersSkip, TEMPLATE } from './real-runners/session.ts';
import {
  forRun,
  applyK6OperatorPlatform,
  renderLoad,
  testRunImages,
  testRunPods,
  waitForTestRun,
} from './real-runners/testrun-fixture.ts';

const MONITORING = 'monitoring';
const RUNNERS = 2;
/** What cluster-path/test-workloads.ts runs; the real node has the stand-in instead. */
const UPSTREAM_PAUSE = 'registry.k8s.io/pause:3.10';
const versions = clusterVersions(WORKSPACE_CLUSTER.versionsEnv);

const image = builtImage();
const objects = renderOverlay(OVERLAYS.localCluster);
const platformImages = [
  ...new Set(
    objects
      .filter((o) => o.kind === 'Deployment' && o.metadata.name !== APP)
      .map((o) => o.spec.template.spec.containers[0].image as string),
  ),
  COREDNS_IMAGE(versions.coredns),
];
const missing = platformImages.filter((ref) => !podmanHasImage(ref));
const skip =
  runnersSkip() ??
  (missing.length
    ? `images missing: ${missing.join(', ')}; run bash libs/local-cluster/scripts/build-platform-images.sh`
    : undefined);
if (skip) console.log(`# SKIP real platform: ${skip}`);

describe(
  'the platform as pods: Prometheus, kube-state-metrics and CoreDNS on the real node',
  { skip },
  () => {
    let cluster: TempCluster<LocalCluster> | undefined;
    let relay: ApiRelay | undefined;
    let operator: Component | undefined;
    let prom: PrometheusApi;
    let promUrl: string;
    const t0 = Date.now();
    const log = (m: string) => console.log(`# [${((Date.now() - t0) / 1000).toFixed(0)} s] ${m}`);
    const kubectl = (args: string[], input?: string) => cluster!.kubectl(args, input);

    before(async () => {
      cluster = await startRealNodeCluster((base) =>
        startLocalCluster({
          ...base,
          images: [image!, ...testRunImages(TEMPLATE), ...platformImages],
          keda: true,
          hpaSyncSeconds: 15,
          log,
        }),
      );
      relay = await relayApiToPods({ kubectl: cluster.kubectl, server: cluster.server });
      await deployClusterDns(cluster.kubectl, versions.coredns);
      log(`CoreDNS Ready; the API server relayed to pods at ${relay.address}`);
    });

    after(async () => {
      await operator?.stop();
      await relay?.stop();
      await cluster?.stop();
    });

    it('the overlay deploys: Prometheus, kube-state-metrics and crocodile-api roll out on our images', async () => {
      const mine = objects.map((o) => structuredClone(o));
      for (const o of mine)
        if (o.kind === 'Deployment' && o.metadata.name === APP)
          o.spec.template.spec.containers[0].image = image!;
      const so = mine.find((o) => o.kind === 'ScaledObject')!;
      const apply = (items: object[]) =>
        kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
      await apply(mine.filter((o) => o.kind === 'Namespace'));
      await apply(mine.filter((o) => o.kind !== 'Namespace' && o.kind !== 'ScaledObject'));
      const ip = (
        await kubectl([
          '-n',
          MONITORING,
          'get',
          'svc',
          'prometheus',
          '-o',
          'jsonpath={.spec.clusterIP}',
        ])
      ).trim();
      promUrl = `http://${ip}:9090`;
      prom = new PrometheusApi(promUrl);
      for (const [ns, name] of [
        [MONITORING, 'prometheus'],
        [NS, APP],
        [MONITORING, 'kube-state-metrics'],
      ] as const)
        await kubectl(['-n', ns, 'rollout', 'status', `deployment/${name}`, '--timeout=180s']);
      // KEDA on the host: the one address changed (see the file's comment).
      so.spec.triggers[0].metadata.serverAddress = promUrl;
      await apply([so]);
      log(`rolled out; in-cluster Prometheus at ${promUrl} (its Service's ClusterIP)`);
    });

    it('Prometheus, as its ServiceAccount, discovers and scrapes the pods, kube-state-metrics and the kubelet', async () => {
      type Target = {
        scrapePool: string;
        health: string;
        lastError: string;
        labels: Record<string, string>;
      };
      const targets = async () =>
        (
          (await (await fetch(`${promUrl}/api/v1/targets`)).json()) as {
            data: { activeTargets: Target[] };
          }
        ).data.activeTargets;
      const up = await waitFor(
        async () => {
          const t = await targets();
          const pools = new Set(t.filter((x) => x.health === 'up').map((x) => x.scrapePool));
          return ['kubernetes-pods', 'kube-state-metrics', 'kubernetes-cadvisor'].every((p) =>
            pools.has(p),
          )
            ? t
            : undefined;
        },
        {
          what: 'pods, kube-state-metrics and cAdvisor scraped',
          timeoutMs: 120_000,
          intervalMs: 3000,
        },
      ).catch(async (err: Error) => {
        for (const t of await targets()) log(`${t.scrapePool} ${t.health} ${t.lastError}`);
        throw err;
      });
      for (const t of up)
        log(`target ${t.scrapePool}: ${t.health} ${t.labels['pod'] ?? t.labels['instance'] ?? ''}`);
      assert.ok(
        up.some((t) => t.scrapePool === 'kubernetes-pods' && t.labels['pod']?.startsWith(APP)),
      );
    });

    it('a TestRun with its rendered cluster DNS URLs runs, remote-writes to the in-cluster Prometheus, and the verifier judges it from there', async () => {
      await applyK6OperatorPlatform(cluster!);
      operator = await startK6Operator({
        binDir: WORKSPACE_CLUSTER.binDir,
        kubectl: cluster!.kubectl,
        server: cluster!.server,
        workDir: cluster!.workDir,
        logDir: cluster!.logDir,
      });
      await kubectl(['apply', '-f', '-'], JSON.stringify(renderLoad().scripts));
      const name = 'crocodile-scale-out';
      const testid = newTestid('real-platform');
      // Only the profile changes: BASE_URL and K6_PROMETHEUS_RW_SERVER_URL stay as rendered.
      const tr = forRun(TEMPLATE, {
        name,
        parallelism: RUNNERS,
        testid,
        env: { ...PROFILE, TIME_SCALE: '0.1', RATE: '40' },
      });
      const env = Object.fromEntries(tr.spec.runner.env.map((e) => [e.name, e.value]));
      assert.match(env['BASE_URL'] ?? '', /\.svc\.cluster\.local:/);
      assert.match(
        env['K6_PROMETHEUS_RW_SERVER_URL'] ?? '',
        /prometheus\.monitoring\.svc\.cluster\.local/,
      );
      const start = new Date();
      await kubectl(['apply', '-f', '-'], JSON.stringify(tr));
      const stages = await waitForTestRun(cluster!, NS, name, 300_000, log);
      const pods = await testRunPods(cluster!, NS, name);
      for (const p of pods) log(`${p.name}: ${p.phase}, exit ${p.exitCode}`);
      assert.equal(stages.at(-1), 'finished');
      for (const p of pods) assert.equal(p.exitCode, 0, p.name);
      await sleep(3 * STEP_SECONDS * 1000);
      const end = new Date();
      const served = await servedRequests(prom, NS, start, end);
      const v = await verifyScaling({
        prometheusUrl: promUrl,
        namespace: NS,
        deployment: APP,
        scaledObject: APP,
        testid,
        judgeLoad: true,
        start,
        end,
        slo: await loadSlo(),
        policy: POLICY,
      });
      log(
        `verifier on the in-cluster Prometheus: ${v.client?.requests} requests from ${v.client?.generators} runners, p95 ${v.client?.p95Ms?.toFixed(1)} ms; pods served ${served.total}`,
      );
      assert.equal(v.client?.generators, RUNNERS);
      assert.ok((v.client?.requests ?? 0) > 0);
      assert.equal(v.client?.requests, served.total, 'k6 sent exactly what the pods served');
      for (const c of v.checks.filter((c) => c.id.startsWith('client-') || c.id.startsWith('k6-')))
        assert.equal(c.outcome, 'pass', `${c.id}: ${c.outcome} ${c.reason ?? ''}`);
    });

    it('every dashboard query runs against the in-cluster Prometheus', async () => {
      // A StatefulSet and a DaemonSet, so the workloads dashboard has every kind to show (pause pods).
      await kubectl(
        ['apply', '-f', '-'],
        testWorkloads(NS).replaceAll(UPSTREAM_PAUSE, PAUSE_IMAGE),
      );
      // KEDA runs on the host, so its operator's series are not in this Prometheus (README).
      const hostOnly = (c: PanelCheck) => /keda_/.test(c.query);
      const live = (c: PanelCheck) => c.needs === 'live' && !hostOnly(c);
      const checks = await waitFor(
        async () => {
          const c = await panelChecks(prom, { namespace: NS, app: APP });
          return c.filter(live).every((x) => x.series > 0) ? c : undefined;
        },
        { what: 'data in every panel', timeoutMs: 90_000, intervalMs: 5000 },
      ).catch(() => panelChecks(prom, { namespace: NS, app: APP }));
      for (const c of checks)
        log(
          `${c.series > 0 ? 'data ' : hostOnly(c) ? 'HOST ' : 'EMPTY'} ${c.dashboard} / ${c.panel}: ${c.series} series`,
        );
      const empty = checks.filter((c) => c.series === 0);
      log(`${checks.length - empty.length} of ${checks.length} panel queries return data`);
      assert.ok(checks.length > 0);
      assert.deepEqual(
        empty.filter(live).map((c) => `${c.dashboard} / ${c.panel}`),
        [],
      );
    });
  },
);
