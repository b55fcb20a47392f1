/**
 * "Could not run" is never a pass: a target that is down, a Prometheus that is down, and a
 * Prometheus that never scraped the API, for real.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runSuite } from '@loadlab/k6-runner';
import { apiUnderTest, ciRun } from '@loadlab/e2e-fixtures';
import { startPrometheus } from '@loadlab/local-stack';
import { WORKSPACE_K6 } from '@loadlab/workspace';
import { freePort } from '@loadlab/process-supervisor';
import { makeTempDir } from '@loadlab/testkit';
import { evaluate } from './evaluate.ts';
import { loadSlo } from './slo.ts';

describe('evaluate', () => {
  it('k6 target down: could not run', async () => {
    const dir = await makeTempDir();
    try {
      const closed = `http://127.0.0.1:${await freePort()}`;
      const run = await runSuite({
        ...WORKSPACE_K6,
        suite: 'load',
        baseUrl: closed,
        profile: 'ci',
        outDir: dir.path,
      });
      const v = await evaluate({
        run,
        prometheusUrl: closed,
        slo: await loadSlo(),
        target: closed,
      });
      assert.equal(v.status, 'could-not-run');
      assert.match(v.reason!, /every request failed \(100%\): is the target up/);
    } finally {
      await dir.remove();
    }
  });

  it('Prometheus down: could not run, naming the URL', async () => {
    const api = await apiUnderTest();
    try {
      const run = await ciRun(api, 'load');
      assert.equal(run.status, 'passed');
      const promUrl = `http://127.0.0.1:${await freePort()}`;
      const v = await evaluate({
        run,
        prometheusUrl: promUrl,
        slo: await loadSlo(),
        target: api.url,
      });
      assert.equal(v.status, 'could-not-run');
      assert.match(v.reason!, new RegExp(`Prometheus at ${promUrl} is not reachable`));
    } finally {
      await api.close();
    }
  });

  it('Prometheus up but the API not scraped: the server checks are not judged, naming the fix', async () => {
    const api = await apiUnderTest();
    const prom = await startPrometheus({
      dir: join(api.dir, 'prom'),
      config: { global: { scrape_interval: '5s' }, scrape_configs: [] },
    });
    try {
      const run = await ciRun(api, 'load');
      assert.equal(run.status, 'passed');
      const v = await evaluate({
        run,
        prometheusUrl: prom.url,
        slo: await loadSlo(),
        target: api.url,
      });
      assert.equal(v.status, 'could-not-run');
      const outcome = (id: string) => v.checks.find((c) => c.id === id)?.outcome;
      for (const id of ['server-p95', 'server-errors', 'server-saw-load'])
        assert.equal(outcome(id), 'not-judged', id);
      assert.equal(outcome('client-p95'), 'pass', 'the client side was measured');
      assert.match(
        v.reason!,
        /required checks not judged: server-p95 \(no node_http_requests_total series for "crocodile-api" in Prometheus at .*: is crocodile-api scraped\?\)/,
      );
    } finally {
      await prom.stop();
      await api.close();
    }
  });
});
