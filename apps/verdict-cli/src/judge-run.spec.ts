/** The verdict CLI on a finished run, as after `nx run load-tests:<suite> --prometheus-rw=...`. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { apiUnderTest, ciRun } from '@loadlab/e2e-fixtures';
import { startPrometheus } from '@loadlab/local-stack';
import { startProcess } from '@loadlab/process-supervisor';
import { localPrometheusConfig } from '@loadlab/prometheus-config';

const CLI = fileURLToPath(new URL('./judge-run.ts', import.meta.url));
const cli = async (args: string[]) => {
  const p = startProcess(process.execPath, [CLI, ...args]);
  return { code: await p.exited, output: p.output() };
};

describe('verdict CLI', () => {
  it('judges a finished run from its summary and Prometheus', async () => {
    const api = await apiUnderTest();
    const prom = await startPrometheus({
      dir: join(api.dir, 'prom'),
      config: localPrometheusConfig([{ address: new URL(api.url).host, pod: 'p0' }]),
    });
    try {
      const run = await ciRun(api, 'crud', {
        outName: 'run',
        prometheusRw: prom.remoteWriteUrl,
      });
      assert.equal(run.status, 'passed');
      await new Promise((r) => setTimeout(r, 6000)); // the final scrape
      const { code, output } = await cli([
        `--summary=${run.summaryPath}`,
        `--prometheus=${prom.url}`,
        `--target=${api.url}`,
      ]);
      assert.equal(code, 0, output);
      assert.match(output, /verdict: PASS {2}\(crud, testid crud-/);
      assert.ok(existsSync(join(api.dir, 'run', 'report.html')));
    } finally {
      await prom.stop();
      await api.close();
    }
  });

  it('could not run on bad arguments, with the reason (exit 2)', async () => {
    assert.deepEqual(
      await cli([]).then((r) => [r.code, /--summary and --prometheus are required/.test(r.output)]),
      [2, true],
    );
    const missing = await cli(['--summary=/no/such.json', '--prometheus=http://127.0.0.1:1']);
    assert.equal(missing.code, 2);
    assert.match(missing.output, /--summary=\/no\/such\.json: cannot read it \(ENOENT/);
  });
});
