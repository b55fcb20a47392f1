/** One builder per scrape job, and why kube-state-metrics' job honours its labels (real Prometheus). */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startPrometheus } from '@loadlab/local-stack';
import { waitFor } from '@loadlab/process-supervisor';
import { makeTempDir } from '@loadlab/testkit';
import { clusterPrometheusConfig } from './cluster.ts';
import { localPrometheusConfig } from './config.ts';
import { appScrapeJob, KUBE_STATE_METRICS_JOB, kubeStateMetricsJob } from './scrape-jobs.ts';

describe('scrape jobs', () => {
  it('the local and cluster configurations use the shared builders', () => {
    const local = localPrometheusConfig([{ address: '127.0.0.1:1', pod: 'p' }]);
    assert.deepEqual(
      local.scrape_configs[0],
      appScrapeJob([{ address: '127.0.0.1:1', namespace: 'local', pod: 'p' }]),
    );
    const cluster = clusterPrometheusConfig({
      alertmanager: 'am:9093',
      kubeStateMetrics: 'ksm:8080',
      ruleFiles: [],
    });
    assert.deepEqual(
      cluster.scrape_configs.find((j) => j.job_name === KUBE_STATE_METRICS_JOB),
      kubeStateMetricsJob('ksm:8080'),
    );
  });

  it("kube-state-metrics keeps the objects' namespace even when the target has one", async () => {
    // A stand-in exporter with kube-state-metrics' shape: the namespace label is the Deployment's.
    const exporter = createServer((_, res) =>
      res.end(
        '# TYPE kube_deployment_status_replicas gauge\n' +
          'kube_deployment_status_replicas{namespace="crocodile",deployment="crocodile-api"} 3\n',
      ),
    ).listen(0, '127.0.0.1');
    await once(exporter, 'listening');
    const address = `127.0.0.1:${(exporter.address() as AddressInfo).port}`;
    // The same target also labelled with the namespace it runs in, as discovery would label it.
    const labelled = (job: object, name: string) => ({
      ...job,
      job_name: name,
      static_configs: [{ targets: [address], labels: { namespace: 'monitoring' } }],
    });
    const dishonoured = { ...kubeStateMetricsJob(address), honor_labels: false };
    const dir = await makeTempDir();
    const prom = await startPrometheus({
      dir: join(dir.path, 'prom'),
      config: {
        global: { scrape_interval: '1s' },
        scrape_configs: [
          labelled(kubeStateMetricsJob(address), 'honoured'),
          labelled(dishonoured, 'dishonoured'),
        ],
      },
    });
    try {
      const series = await waitFor(
        async () => {
          const s = await prom.api.query('kube_deployment_status_replicas');
          return s.length === 2 ? s : undefined;
        },
        { what: 'both jobs scraped', timeoutMs: 20_000, intervalMs: 250 },
      );
      const byJob = Object.fromEntries(series.map((s) => [s.metric.job, s.metric]));
      assert.equal(byJob.honoured!.namespace, 'crocodile');
      // What the builder prevents: the object's namespace pushed aside by the target's.
      assert.equal(byJob.dishonoured!.namespace, 'monitoring');
      assert.equal(byJob.dishonoured!.exported_namespace, 'crocodile');
    } finally {
      await prom.stop();
      exporter.close();
      await dir.remove();
    }
  });
});
