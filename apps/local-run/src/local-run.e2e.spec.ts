/**
 * The main job end to end, as a user runs it: real crocodile-api, Prometheus
 * and k6, a verdict, the reports, the exit code, and nothing left running.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SIGNAL_GRACE_MS, startProcess } from '@loadlab/process-supervisor';
import { WORKSPACE_ROOT } from '@loadlab/workspace';
import { launchChromium } from '@loadlab/chromium';
import { decodePng, inkRatio, listen, makeTempDir, type TempDir } from '@loadlab/testkit';

const MAIN = join(WORKSPACE_ROOT, 'apps/local-run/src/main.ts');

async function localRun(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const proc = startProcess(process.execPath, [MAIN, ...args], { env });
  const code = await proc.exited;
  return { code, output: proc.output() };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('./loadlab demo (apps/local-run)', () => {
  let dir: TempDir;
  before(async () => (dir = await makeTempDir('local-run-')));
  after(() => dir.remove());

  it('passes a healthy run, writes every report, lists hot functions with --cpu-profile, and stops what it started', async () => {
    const out = join(dir.path, 'pass');
    // ramp at CI scale: ~27 s, long enough for rate() series at a 5 s scrape.
    const { code, output } = await localRun([
      '--suite=ramp',
      '--load-profile=ci',
      '--cpu-profile',
      `--out=${out}`,
    ]);
    assert.equal(code, 0, output);
    assert.match(output, /verdict: PASS/);
    assert.match(output, /\[4\/7\] load: ramp \(ci\).*elapsed, ~\d+:\d\d left/);
    const verdict = JSON.parse(readFileSync(join(out, 'verdict.json'), 'utf8'));
    assert.equal(verdict.status, 'pass');
    assert.ok(
      verdict.checks.length >= 8 &&
        verdict.checks.every((c: { outcome: string }) => c.outcome === 'pass'),
    );
    assert.ok(verdict.client.requests > 0);
    assert.equal(
      verdict.server.requests,
      verdict.client.requests,
      'the server counted every request k6 sent',
    );
    assert.ok(verdict.series.serverRate.points.length > 0, 'server series from Prometheus');
    assert.ok(verdict.series.clientRate.points.length > 0, 'client series from k6 remote write');
    assert.equal(verdict.prediction.timeline[0].replicas, 1);
    assert.ok(verdict.profile.length > 0, 'top functions from the CPU profile');
    assert.ok(existsSync(join(out, 'api.cpuprofile')));
    for (const f of ['report.html', 'verdict.junit.xml', 'summary.json', 'dashboard.html'])
      assert.ok(existsSync(join(out, f)), f);
    assert.match(readFileSync(join(out, 'verdict.junit.xml'), 'utf8'), /failures="0" errors="0"/);
    const pids = [...output.matchAll(/(?:crocodile-api|prometheus) pid (\d+)/g)].map((m) =>
      Number(m[1]),
    );
    assert.equal(pids.length, 2);
    assert.deepEqual(pids.filter(alive), [], 'no stray processes');
  });

  it('--parallelism=2: two k6 processes, one verdict from Prometheus alone, the server counting the same requests', async () => {
    const out = join(dir.path, 'parallel');
    const { code, output } = await localRun([
      '--suite=load',
      '--load-profile=ci',
      '--parallelism=2',
      `--out=${out}`,
    ]);
    assert.equal(code, 0, output);
    assert.match(output, /\[4\/7\] load: load \(ci, 2 k6 processes\)/);
    assert.match(output, /client figures from Prometheus alone: 2 k6 generator\(s\)/);
    const verdict = JSON.parse(readFileSync(join(out, 'verdict.json'), 'utf8'));
    assert.equal(verdict.status, 'pass');
    assert.equal(verdict.client.source, 'prometheus');
    assert.equal(verdict.client.generators, 2);
    assert.ok(verdict.client.requests > 0);
    assert.equal(verdict.server.requests, verdict.client.requests);
    assert.ok(verdict.client.thresholds.length >= 4);
    assert.ok(verdict.client.thresholds.every((t: { ok: boolean | null }) => t.ok === true));
    for (const g of ['generator-0', 'generator-1'])
      assert.ok(existsSync(join(out, g, 'summary.json')), `${g}'s own summary`);
  });

  it('fails the SLO when the API is slow (exit 1), and says which check failed', async () => {
    const out = join(dir.path, 'slow');
    const { code, output } = await localRun([
      '--suite=load',
      '--load-profile=ci',
      '--api-delay=900-900',
      `--out=${out}`,
    ]);
    assert.equal(code, 1, output);
    assert.match(output, /verdict: SLO FAILED/);
    assert.match(output, /FAIL {2}client p95 latency/);
    const verdict = JSON.parse(readFileSync(join(out, 'verdict.json'), 'utf8'));
    assert.equal(verdict.status, 'slo-failed');
    const failed = verdict.checks
      .filter((c: { outcome: string }) => c.outcome === 'fail')
      .map((c: { id: string }) => c.id);
    assert.ok(failed.includes('client-p95') && failed.includes('server-p95'), failed.join());
    assert.match(
      readFileSync(join(out, 'verdict.junit.xml'), 'utf8'),
      // The API answers in 900 ms at least; a busy machine only adds to that.
      /<failure message="measured (9\d\d|[1-9]\d{3,})\.\d ms, expected &lt; 700 ms"/,
    );
  });

  it('renders the HTML report in headless Chromium: charts drawn, series present, not blank', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
      await page.goto(`file://${join(dir.path, 'pass', 'report.html')}`);
      assert.equal(await page.textContent('#status'), 'PASS');
      const drawn = await page.$$eval('path.series', (paths) =>
        paths.map((p) => ({
          name: p.getAttribute('data-series'),
          width: (p as unknown as { getBBox(): { width: number } }).getBBox().width,
        })),
      );
      const names = drawn.filter((d) => d.width > 0).map((d) => d.name);
      for (const series of [
        'k6 requests/s',
        'server requests/s',
        'k6 p95',
        'server p95',
        'KEDA metric',
        'predicted replicas',
        'CPU cores',
        'RSS MiB',
      ]) {
        assert.ok(names.includes(series), `${series} is drawn (drawn: ${names.join(', ')})`);
      }
      assert.equal(await page.$$eval('figure.chart', (f) => f.length), 7);
      const shot = join(dir.path, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      const ink = inkRatio(decodePng(readFileSync(shot)));
      console.log(`figure: report screenshot ink ratio ${(ink * 100).toFixed(1)}%`);
      assert.ok(ink > 0.02, `the screenshot is not blank (${ink})`);
    } finally {
      await browser.close();
    }
  });

  it('could not run: a bad option, named (exit 2)', async () => {
    const { code, output } = await localRun(['--suite=nope']);
    assert.equal(code, 2);
    assert.match(output, /could not run: --suite must be one of smoke, .*got "nope"/);
  });

  it('could not run: a taken port, named (exit 2)', async () => {
    const busy = await listen(() => undefined);
    try {
      const { code, output } = await localRun([
        '--suite=smoke',
        `--prometheus-port=${busy.port}`,
        `--out=${join(dir.path, 'busy')}`,
      ]);
      assert.equal(code, 2);
      assert.match(
        output,
        new RegExp(`port ${busy.port} for Prometheus \\(--prometheus-port\\) is already in use`),
      );
      assert.match(output, /COULD NOT RUN/);
      assert.equal(
        JSON.parse(readFileSync(join(dir.path, 'busy', 'verdict.json'), 'utf8')).status,
        'could-not-run',
      );
    } finally {
      await busy.close();
    }
  });

  it('could not run: a path option it cannot use, named at once (exit 2)', async () => {
    for (const [args, reason] of [
      [['--out=/proc/nope'], /--out=\/proc\/nope: not a directory loadlab can write to \(ENOENT/],
      [['--slo=/nonexistent/slo.json'], /--slo=\/nonexistent\/slo\.json: cannot read it \(ENOENT/],
      [['--out='], /--out is empty: give a path/],
    ] as const) {
      const started = Date.now();
      const { code, output } = await localRun(['--suite=smoke', ...args]);
      assert.equal(code, 2, output);
      assert.match(output, reason);
      assert.ok(Date.now() - started < 30_000, `refused in ${Date.now() - started} ms`);
    }
  });

  it('stops within seconds of SIGTERM in every step, and leaves nothing running', async () => {
    // One run per step after the checks; the signal goes as the step's line appears.
    for (let step = 2; step <= 7; step++) {
      const proc = startProcess(process.execPath, [
        MAIN,
        '--suite=ramp',
        '--load-profile=ci',
        `--out=${join(dir.path, `sigterm-${step}`)}`,
      ]);
      const seen = await proc.waitForOutput(new RegExp(`\\[${step}/7\\]`), 120_000).then(
        () => true,
        () => false, // the run ended before the step's line
      );
      const signalled = Date.now();
      if (seen) process.kill(proc.pid, 'SIGTERM');
      const code = await proc.exited;
      const output = proc.output();
      if (!seen) {
        // A step can be over before its line is read: then the run ended on its own.
        assert.equal(code, 0, output);
        continue;
      }
      const took = Date.now() - signalled;
      assert.ok(took < SIGNAL_GRACE_MS + 3_000, `step ${step}: exited ${took} ms after SIGTERM`);
      // Stopped before the load ended, it is not a pass; after, the verdict may still be written.
      if (step <= 4)
        assert.equal(code, 2, `step ${step}: an interrupted run could not run\n${output}`);
      else assert.ok(code === 0 || code === 2, `step ${step}: exit ${code}\n${output}`);
      const pids = [...output.matchAll(/(?:crocodile-api|prometheus) pid (\d+)/g)].map((m) =>
        Number(m[1]),
      );
      assert.deepEqual(pids.filter(alive), [], `step ${step}: no stray processes`);
    }
  });

  it('could not run: a missing program, with how to install it (exit 2)', async () => {
    const { code, output } = await localRun(['--suite=smoke', `--out=${join(dir.path, 'nobin')}`], {
      ...process.env,
      PATH: '/nonexistent',
    });
    assert.equal(code, 2);
    assert.match(output, /prometheus not found on PATH; install it: apt-get install -y prometheus/);
  });
});
