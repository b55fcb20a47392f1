/**
 * Cluster panels against recorded series: a real Prometheus loaded with a
 * 1 -> 4 -> 1 scale scenario (promtool tsdb create-blocks-from openmetrics).
 * Each panel's query must return what its title promises.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPrometheus, type RunningPrometheus } from '@loadlab/local-stack';
import { scenarioStart } from '@loadlab/prometheus-client';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import {
  APP,
  NAMESPACE,
  POD_MEMORY_BYTES,
  scenarioOpenMetrics,
  SCENARIO_SECONDS,
} from './scenario.ts';
import { isClusterQuery, panelQueries, substitute, type PanelQuery } from './test-support.ts';

describe('cluster panels on recorded series', () => {
  let dir: TempDir;
  let prom: RunningPrometheus;
  const start = scenarioStart();
  const queries = [
    ...panelQueries('crocodile-load-test.json'),
    ...panelQueries('cluster-overview.json'),
  ].filter((q) => isClusterQuery(q.query));
  const vars = { namespace: NAMESPACE, app: APP, __rate_interval: '1m' };

  before(async () => {
    dir = await makeTempDir('dashboards-cluster-');
    prom = await startPrometheus({
      dir: join(dir.path, 'prom'),
      config: { global: { scrape_interval: '15s' } },
      backfill: scenarioOpenMetrics(start),
    });
  });
  after(async () => {
    await prom?.stop();
    await dir?.remove();
  });

  const find = (panel: string, legend?: string): PanelQuery => {
    const q = queries.find(
      (x) => x.panel === panel && (legend === undefined || x.legend === legend),
    );
    assert.ok(q, `a cluster query in "${panel}"${legend ? ` / ${legend}` : ''}`);
    return q;
  };
  /** The query's value at t seconds into the scenario: a number, or { label -> value } for grouped results. */
  const at = async (q: PanelQuery, t: number, by?: string) => {
    const samples = await prom.api.query(substitute(q.query, vars), new Date((start + t) * 1000));
    if (!by) return samples.length === 1 ? samples[0]!.value : samples.length === 0 ? null : NaN;
    return Object.fromEntries(samples.map((s) => [s.metric[by], s.value]));
  };

  it('loads every cluster query with data at some point of the scenario', async () => {
    assert.ok(queries.length >= 14, `${queries.length} cluster queries`);
    for (const q of queries) {
      const series = await prom.api.queryRange(
        substitute(q.query, vars),
        new Date(start * 1000),
        new Date((start + SCENARIO_SECONDS) * 1000),
        30,
      );
      assert.ok(
        series.some((s) => s.values.some(([, v]) => Number.isFinite(v))),
        `${q.panel} / ${q.legend}: ${q.query}`,
      );
    }
  });

  it('counts Running, Pending and Failed pods, and total pods, as they were', async () => {
    const running = find('Running pods');
    const pending = find('Pending pods');
    const failed = find('Failed pods');
    const total = find('Total crocodile-api pods');
    assert.deepEqual(
      [await at(running, 120), await at(pending, 120), await at(total, 120)],
      [1, 0, 1],
    );
    assert.deepEqual(
      [await at(running, 195), await at(pending, 195)],
      [1, 3],
      'three new pods pending',
    );
    assert.deepEqual(
      [await at(running, 300), await at(total, 300), await at(failed, 330)],
      [4, 5, 1],
    );
    // Deleted pods' series end at 8m30 and leave Prometheus' 5-minute lookback by 13m30.
    assert.deepEqual(
      [await at(running, 900), await at(total, 900), await at(failed, 900)],
      [1, 1, 0],
    );
    assert.deepEqual(await at(find('Pod status'), 300, 'phase'), {
      Running: 4,
      Pending: 0,
      Failed: 1,
      Succeeded: 0,
      Unknown: 0,
    });
  });

  it('shows desired, current and ready replicas going 1 -> 4 -> 1', async () => {
    const panel = 'Replicas: HPA desired and current, ready';
    const series = ['desired (HPA)', 'current (HPA)', 'ready (Deployment)'].map((l) =>
      find(panel, l),
    );
    const values = async (t: number) => Promise.all(series.map((q) => at(q, t)));
    assert.deepEqual(await values(120), [1, 1, 1]);
    assert.deepEqual(await values(195), [4, 4, 1], 'desired before ready');
    assert.deepEqual(await values(400), [4, 4, 4]);
    assert.deepEqual(await values(900), [1, 1, 1]);
  });

  it('puts the KEDA metric against threshold × current replicas', async () => {
    const panel = 'KEDA metric against its threshold';
    assert.equal(await at(find(panel, 'read by KEDA'), 400), 180);
    assert.equal(await at(find(panel, 'threshold × current replicas'), 400), 200);
    assert.equal(await at(find(panel, 'threshold × current replicas'), 120), 50);
  });

  it('shows memory and CPU per pod, one series per running pod', async () => {
    const memory = (await at(find('Memory per pod', '{{pod}}'), 400, 'pod')) as Record<
      string,
      number
    >;
    assert.equal(Object.keys(memory).length, 4);
    assert.ok(Object.values(memory).every((b) => b === POD_MEMORY_BYTES));
    assert.equal(await at(find('Memory per pod', 'limit'), 400), 256 * 1024 * 1024);
    const cpu = (await at(find('CPU per pod'), 400, 'pod')) as Record<string, number>;
    assert.equal(Object.keys(cpu).length, 4);
    assert.ok(
      Object.values(cpu).every((c) => Math.abs(c - 0.25) < 0.01),
      JSON.stringify(cpu),
    );
  });

  it('cluster overview: node CPU and memory, deployments, pod phases', async () => {
    const nodeCpu = (await at(find('Node CPU in use', '{{instance}}'), 400, 'instance')) as Record<
      string,
      number
    >;
    assert.ok(Math.abs(nodeCpu['node-1']! - 1.5) < 0.01);
    assert.deepEqual(await at(find('Node CPU in use', 'allocatable {{node}}'), 400, 'node'), {
      'node-1': 2,
    });
    assert.deepEqual(await at(find('Node memory in use', '{{instance}}'), 400, 'instance'), {
      'node-1': 3 * 1024 ** 3,
    });
    const overviewVars = find('Deployment ready replicas');
    assert.deepEqual(await at(overviewVars, 400, 'deployment'), { [APP]: 4 });
    // The pod that failed at 5m still shows (its series ends at 5m45, within the lookback).
    assert.deepEqual(await at(find('Pods by phase'), 400, 'phase'), {
      Running: 4,
      Pending: 0,
      Failed: 1,
      Succeeded: 0,
      Unknown: 0,
    });
    assert.deepEqual(await at(find('Pods by phase'), 900, 'phase'), {
      Running: 1,
      Pending: 0,
      Failed: 0,
      Succeeded: 0,
      Unknown: 0,
    });
  });
});
