/** The verdict CLI on a finished run, as after `nx run load-tests:<suite> --prometheus-rw=...`. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { runSuite } from '@loadlab/k6-runner';
import { startCrocodileApi, startPrometheus } from '@loadlab/local-stack';
import { CROCODILE_API_MAIN, WORKSPACE_K6 } from '@loadlab/workspace';
import { startProcess } from '@loadlab/process-supervisor';
import { localPrometheusConfig } from '@loadlab/prometheus-config';
import { makeTempDir } from '@loadlab/testkit';

const CLI = fileURLToPath(new URL('./judge-run.ts', import.meta.url));
const cli = async (args: string[]) => {
  const p = startProcess(process.execPath, [CLI, ...args]);
  return { code: await p.exited, output: p.output() };
};

describe('verdict CLI', () => {
  it('judges a finished run from its summary and Prometheus', async () => {
    const dir = await makeTempDir();
    const api = await startCrocodileApi({
      main: CROCODILE_API_MAIN,
      dbFile: join(dir.path, 'db.json'),
      env: { LOG_LEVEL: 'warn' },
    });
    const prom = await startPrometheus({
      dir: join(dir.path, 'prom'),
      config: localPrometheusConfig([{ address: new URL(api.url).host, pod: 'p0' }]),
    });
    try {
      const run = await runSuite({
        ...WORKSPACE_K6,
        suite: 'crud',
        baseUrl: api.url,
        profile: 'ci',
        outDir: join(dir.path, 'run'),
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
      assert.ok(existsSync(join(dir.path, 'run', 'report.html')));
    } finally {
      await Promise.all([api.stop(), prom.stop()]);
      await dir.remove();
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
