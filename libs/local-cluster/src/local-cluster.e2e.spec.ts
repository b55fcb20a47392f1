/**
 * The real thing, end to end: the real HPA controller and the real KEDA scale a Deployment on
 * the local control plane from a real Prometheus query, and the real kube-state-metrics reports
 * it. The only fake is kwok's node: pods are scheduled and marked Ready, but run nothing.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPrometheus, type RunningPrometheus } from '@loadlab/local-stack';
import { kubeStateMetricsJob } from '@loadlab/prometheus-config';
import { startKwokCluster, type TempCluster } from '@loadlab/e2e-fixtures';
import { waitFor } from '@loadlab/process-supervisor';
import { WORKSPACE_CLUSTER } from '@loadlab/workspace';
import { BUILD_BINARIES_COMMAND, CLUSTER_BINARIES, clusterBinaries } from './binaries.ts';
import { FAKE_NODE, FAKE_NODE_CAPACITY } from './kwok.ts';
import { startLocalCluster, type LocalCluster } from './local-cluster.ts';
import { clusterVersions } from './versions.ts';

const { missing, dir } = clusterBinaries(WORKSPACE_CLUSTER.binDir);
const skip = missing.length
  ? `local cluster binaries missing in ${dir}: ${missing.join(', ')}; ${BUILD_BINARIES_COMMAND} builds them`
  : undefined;
if (skip) console.log(`# SKIP local cluster: ${skip}`);

const GAUGE = 'loadlab_local_cluster_queue_depth';
const NAME = 'worker';
const THRESHOLD = 50;

const workload = (prometheusUrl: string) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: NAME, namespace: 'default' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: NAME } },
          template: {
            metadata: { labels: { app: NAME } },
            spec: {
              containers: [
                {
                  name: NAME,
                  image: 'example.invalid/worker:1',
                  resources: { requests: { cpu: '250m', memory: '128Mi' } },
                },
              ],
            },
          },
        },
      },
      {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        metadata: { name: NAME, namespace: 'default' },
        spec: {
          scaleTargetRef: { name: NAME },
          pollingInterval: 5,
          minReplicaCount: 1,
          maxReplicaCount: 10,
          advanced: {
            horizontalPodAutoscalerConfig: {
              behavior: { scaleDown: { stabilizationWindowSeconds: 0 } },
            },
          },
          triggers: [
            {
              type: 'prometheus',
              metadata: {
                serverAddress: prometheusUrl,
                query: `sum(${GAUGE})`,
                threshold: String(THRESHOLD),
              },
            },
          ],
        },
      },
    ],
  });

/** The value of one series in a Prometheus text exposition, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe(
  'local cluster: real KEDA and the real HPA controller scale a Deployment',
  { skip },
  () => {
    let cluster: TempCluster<LocalCluster> | undefined;
    let prom: RunningPrometheus | undefined;
    let exporter: Server | undefined;
    let value = 120;

    before(async () => {
      exporter = createServer((_req, res) => {
        res.setHeader('Content-Type', 'text/plain; version=0.0.4');
        res.end(`# TYPE ${GAUGE} gauge\n${GAUGE} ${value}\n`);
      });
      await new Promise<void>((r) => exporter!.listen(0, '127.0.0.1', r));
      const t0 = Date.now();
      cluster = await startKwokCluster((base) =>
        startLocalCluster({
          ...base,
          keda: true,
          kubeStateMetrics: true,
          log: (m) => console.log(`# ${m}`),
        }),
      );
      console.log(`# cluster up in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${cluster.server}`);
      prom = await startPrometheus({
        dir: join(cluster.workDir, 'prometheus'),
        config: {
          global: { scrape_interval: '1s', evaluation_interval: '1s' },
          scrape_configs: [
            {
              job_name: 'exporter',
              static_configs: [
                { targets: [`127.0.0.1:${(exporter.address() as AddressInfo).port}`] },
              ],
            },
            kubeStateMetricsJob(cluster.kubeStateMetricsAddress!),
          ],
        },
      });
    });

    after(async () => {
      await prom?.stop();
      await cluster?.stop();
      if (exporter) await new Promise((r) => exporter!.close(r));
    });

    const replicas = async () => {
      const out = await cluster!.kubectl([
        'get',
        'deployment',
        NAME,
        '-o',
        'jsonpath={.spec.replicas}/{.status.readyReplicas}',
      ]);
      return out.trim();
    };
    const waitReplicas = (want: number, timeoutMs: number) =>
      waitFor(async () => (await replicas()) === `${want}/${want}`, {
        what: `${want}/${want} replicas of ${NAME}`,
        timeoutMs,
        intervalMs: 500,
      }).catch(async (err: Error) => {
        const hpa = await cluster!
          .kubectl(['get', 'hpa,scaledobject', '-o', 'wide'])
          .catch(() => '');
        throw new Error(`${err.message}; now ${await replicas()}\n${hpa}`);
      });

    it('runs the pinned Kubernetes with a fake node that has room for real requests', async () => {
      const version = JSON.parse(await cluster!.kubectl(['version', '-o', 'json'])) as {
        serverVersion: { gitVersion: string };
      };
      assert.equal(
        version.serverVersion.gitVersion,
        clusterVersions(WORKSPACE_CLUSTER.versionsEnv).kubernetes,
      );
      const node = JSON.parse(await cluster!.kubectl(['get', 'node', FAKE_NODE, '-o', 'json'])) as {
        status: { allocatable: Record<string, string> };
      };
      assert.equal(node.status.allocatable.cpu, FAKE_NODE_CAPACITY.cpu);
      assert.equal(node.status.allocatable.pods, FAKE_NODE_CAPACITY.pods);
    });

    it(`scales 1 -> 3 at 120 (threshold ${THRESHOLD}) and back to 1 at 40; kube-state-metrics reports it`, async () => {
      await waitFor(async () => (await prom!.api.query(`sum(${GAUGE})`))[0]?.value === 120, {
        what: `Prometheus to scrape ${GAUGE} = 120`,
        timeoutMs: 20_000,
        intervalMs: 250,
      });
      let t0 = Date.now();
      await cluster!.kubectl(['apply', '-f', '-'], workload(prom!.url));
      await waitReplicas(3, 60_000);
      console.log(
        `# created with 1 replica, 3 ready ${((Date.now() - t0) / 1000).toFixed(1)} s later`,
      );

      const deployment = { namespace: 'default', deployment: NAME };
      const hpa = { namespace: 'default', horizontalpodautoscaler: `keda-hpa-${NAME}` };
      const expected: [string, Record<string, string>, number][] = [
        ['kube_deployment_spec_replicas', deployment, 3],
        ['kube_deployment_status_replicas', deployment, 3],
        ['kube_horizontalpodautoscaler_status_desired_replicas', hpa, 3],
        ['kube_horizontalpodautoscaler_status_current_replicas', hpa, 3],
        ['kube_horizontalpodautoscaler_spec_max_replicas', hpa, 10],
      ];
      let text = '';
      await waitFor(
        async () => {
          text = await (await fetch(`${cluster!.kubeStateMetricsUrl}/metrics`)).text();
          return expected.every(([name, labels, v]) => sample(text, name, labels) === v);
        },
        { what: 'kube-state-metrics to report 3 replicas', timeoutMs: 20_000, intervalMs: 500 },
      ).catch((err: Error) => {
        const got = expected.map(([name, labels]) => `${name}=${sample(text, name, labels)}`);
        throw new Error(`${err.message}: ${got.join(', ')}`);
      });
      await waitFor(
        async () =>
          (await prom!.api.query(`kube_deployment_status_replicas{deployment="${NAME}"}`))[0]
            ?.value === 3,
        { what: 'Prometheus to scrape 3 replicas from kube-state-metrics', timeoutMs: 20_000 },
      );

      value = 40;
      t0 = Date.now();
      await waitReplicas(1, 60_000);
      console.log(`# 3 -> 1 replicas in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await waitFor(
        async () =>
          sample(
            await (await fetch(`${cluster!.kubeStateMetricsUrl}/metrics`)).text(),
            'kube_deployment_status_replicas',
            deployment,
          ) === 1,
        { what: 'kube-state-metrics to report 1 replica', timeoutMs: 20_000, intervalMs: 500 },
      );
    });

    it('stops every process by PID', async () => {
      const processes = cluster!.processes;
      // Every binary the cluster is built from runs, in start order, and nothing else.
      assert.deepEqual(
        processes.map((p) => p.name),
        [...CLUSTER_BINARIES],
      );
      const t0 = Date.now();
      await cluster!.stop();
      console.log(`# stopped in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const alive = processes.filter((p) => {
        try {
          process.kill(p.pid, 0);
          return true;
        } catch {
          return false;
        }
      });
      assert.deepEqual(alive, [], 'no process is left running');
    });
  },
);
