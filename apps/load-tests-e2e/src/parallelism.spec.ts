/**
 * Splitting a run over several k6 processes changes nothing (issue 19): the
 * same arrival-rate load with 1 and with 3 generators, against one real API,
 * with a real Prometheus taking remote write. Totals agree within 1% with
 * each other and with the server's own counter; p95 agrees within the noise;
 * and the 3-generator run is judged from Prometheus alone, as a TestRun is.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runDistributed, runSuite } from '@loadlab/k6-runner';
import { startPrometheus, type RunningPrometheus } from '@loadlab/local-stack';
import { TUTORIAL_NAMING } from '@loadlab/metrics';
import { runSync } from '@loadlab/process-supervisor';
import { localPrometheusConfig } from '@loadlab/prometheus-config';
import { clientFromPrometheus, sloAsThresholds, DEFAULT_REQUIRED } from '@loadlab/verdict';
import { WORKSPACE_K6, WORKSPACE_ROOT } from '@loadlab/workspace';
import { apiUnderTest, type ApiUnderTest } from '@loadlab/e2e-fixtures';

const RATE = '60';
const ci = {
  ...WORKSPACE_K6,
  suite: 'scale-out',
  profile: 'ci' as const,
  env: { RATE, RATE_SCALE: '1' },
};
const slo = {
  p95Ms: 700,
  p99Ms: 1500,
  maxErrorRate: 0.01,
  minChecksRate: 0.99,
  required: DEFAULT_REQUIRED,
};

/** The API's own count of requests it answered (ignored routes such as /metrics are not counted). */
async function served(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return [
    ...text.matchAll(new RegExp(`^${TUTORIAL_NAMING.requestsTotal}\\{[^}]*\\} (\\S+)$`, 'gm')),
  ]
    .map((m) => Number(m[1]))
    .reduce((a, b) => a + b, 0);
}

const within = (a: number, b: number, share: number) => Math.abs(a - b) <= share * Math.max(a, b);

// The N = 3 run's testid; later cases reuse it as one that Prometheus already holds.
const usedTestid = `n3-${Date.now()}`;

describe('several load generators, judged as one run', () => {
  let api: ApiUnderTest;
  let prom: RunningPrometheus;
  before(async () => {
    api = await apiUnderTest({ prefix: 'load-tests-e2e-' });
    prom = await startPrometheus({
      dir: join(api.dir, 'prom'),
      config: localPrometheusConfig([{ address: new URL(api.url).host, pod: 'p0' }]),
    });
  });
  after(async () => {
    await prom?.stop();
    await api?.close();
  });

  it('N = 1 and N = 3: totals within 1% of each other and of the server counter; p95 within the noise', async () => {
    const before1 = await served(api.url);
    const one = await runSuite({
      ...ci,
      baseUrl: api.url,
      testid: `n1-${Date.now()}`,
      outDir: join(api.dir, 'n1'),
      prometheusRw: prom.remoteWriteUrl,
    });
    assert.equal(one.status, 'passed', one.output.slice(-1500));
    const server1 = (await served(api.url)) - before1;

    const before3 = await served(api.url);
    const three = await runDistributed({
      ...ci,
      baseUrl: api.url,
      testid: usedTestid,
      outDir: join(api.dir, 'n3'),
      prometheusRw: prom.remoteWriteUrl,
      parallelism: 3,
    });
    assert.equal(three.status, 'ran', three.reason);
    const server3 = (await served(api.url)) - before3;

    const window = (r: { startedAt: Date; endedAt: Date }) => ({
      start: r.startedAt,
      end: r.endedAt,
    });
    const fromProm1 = await clientFromPrometheus(
      prom.api,
      window(one),
      one.testid,
      sloAsThresholds(slo),
    );
    const fromProm3 = await clientFromPrometheus(
      prom.api,
      window(three),
      three.testid,
      sloAsThresholds(slo),
    );
    const k6One = one.summary!.metrics.http_reqs!.values.count!;
    const p95One = one.summary!.metrics.http_req_duration!.values['p(95)']!;
    const c3 = fromProm3.client;
    console.log(
      `figure: requests N=1 ${k6One} (server ${server1}), N=3 ${c3.requests} (server ${server3}, per generator ${three.generators.map((g) => g.summary!.metrics.http_reqs!.values.count).join('+')}); ` +
        `p95 N=1 ${p95One.toFixed(1)} ms (summary) ${fromProm1.client.p95Ms?.toFixed(1)} ms (histogram), N=3 ${c3.p95Ms?.toFixed(1)} ms (histogram, ±${((fromProm3.percentileError ?? 0) * 100).toFixed(0)}%)`,
    );

    assert.equal(c3.generators, 3, 'three instances in Prometheus');
    assert.equal(c3.source, 'prometheus');
    // The Prometheus path counts exactly what k6 counted.
    assert.equal(fromProm1.client.requests, k6One);
    assert.equal(
      c3.requests,
      three.generators.reduce((t, g) => t + g.summary!.metrics.http_reqs!.values.count!, 0),
    );
    assert.ok(within(c3.requests, k6One, 0.01), `N=3 ${c3.requests} vs N=1 ${k6One}`);
    assert.ok(within(k6One, server1, 0.01), `N=1 ${k6One} vs server ${server1}`);
    assert.ok(within(c3.requests, server3, 0.01), `N=3 ${c3.requests} vs server ${server3}`);
    // The histogram's p95 agrees with k6's exact one up to a bucket; the two runs, within the noise.
    const bucket = 1 + (fromProm1.percentileError ?? 0);
    assert.ok(
      fromProm1.client.p95Ms! <= p95One * bucket && fromProm1.client.p95Ms! >= p95One / bucket,
      `N=1 p95 ${fromProm1.client.p95Ms} (histogram) vs ${p95One} (summary)`,
    );
    assert.ok(within(c3.p95Ms!, p95One, 0.2), `p95 N=3 ${c3.p95Ms} vs N=1 ${p95One}`);
    assert.equal(c3.errorRate, 0);
    assert.equal(c3.checksRate, 1);
    assert.deepEqual(
      c3.thresholds.map((t) => [t.metric, t.expression, t.ok]),
      [
        ['http_req_duration', 'p(95)<700', true],
        ['http_req_duration', 'p(99)<1500', true],
        ['http_req_failed', 'rate<0.01', true],
        ['checks', 'rate>0.99', true],
      ],
    );

    // load-tests:verify --testid= judges the same run from Prometheus alone (no kube-state-metrics
    // here, so the scaling checks cannot be judged; the load's checks can).
    const out = join(api.dir, 'verify');
    const verify = runSync(
      process.execPath,
      [
        join(WORKSPACE_ROOT, 'apps/verdict-cli/src/verify-scaling.ts'),
        `--prometheus=${prom.url}`,
        `--testid=${three.testid}`,
        `--start=${three.startedAt.toISOString()}`,
        `--end=${three.endedAt.toISOString()}`,
        `--out=${out}`,
      ],
      { okExitCodes: 'any', timeoutMs: 120_000 },
    );
    const verdict = JSON.parse(readFileSync(join(out, 'verdict.json'), 'utf8'));
    const byId = Object.fromEntries(verdict.checks.map((c: { id: string }) => [c.id, c]));
    assert.equal(byId['client-p95'].outcome, 'pass', verify.stdout);
    assert.equal(byId['client-errors'].outcome, 'pass');
    assert.equal(byId['client-checks'].outcome, 'pass');
    assert.equal(byId['k6-thresholds'].outcome, 'pass');
    assert.equal(verdict.client.requests, c3.requests);
  });

  it('a run that could not be judged does not start, and a window after the run judges nothing', async () => {
    const cli = (...args: string[]) =>
      runSync(
        process.execPath,
        [
          join(WORKSPACE_ROOT, 'apps/k6-cli/src/main.ts'),
          'smoke',
          '--load-profile=ci',
          `--base-url=${api.url}`,
          `--out-dir=${join(api.dir, 'refused')}`,
          '--parallelism=2',
          ...args,
        ],
        { okExitCodes: 'any', timeoutMs: 120_000 },
      );
    const refused: [string[], RegExp][] = [
      [[`--prometheus-rw=${prom.url}/api/v1/wrte`], /--prometheus-rw must end in \/api\/v1\/write/],
      [
        ['--prometheus-rw=http://127.0.0.1:9/api/v1/write'],
        /Prometheus at http:\/\/127\.0\.0\.1:9 is not reachable/,
      ],
      [
        [`--prometheus-rw=${prom.remoteWriteUrl}`, `--testid=${usedTestid}`],
        /already has k6 samples in Prometheus/,
      ],
    ];
    for (const [args, message] of refused) {
      const r = cli(...args);
      assert.equal(r.exitCode, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, message);
      assert.doesNotMatch(r.stdout, /\[generator-0\]/, 'no generator started');
    }
    // A dead target is "could not run", not an SLO failure of the service.
    const down = runSync(
      process.execPath,
      [
        join(WORKSPACE_ROOT, 'apps/k6-cli/src/main.ts'),
        'smoke',
        '--load-profile=ci',
        '--base-url=http://127.0.0.1:9',
        `--out-dir=${join(api.dir, 'down')}`,
        '--parallelism=2',
        `--prometheus-rw=${prom.remoteWriteUrl}`,
      ],
      { okExitCodes: 'any', timeoutMs: 120_000 },
    );
    assert.equal(down.exitCode, 2, down.stdout);
    assert.match(down.stdout, /could not run smoke: every request failed/);

    // The verifier counts what happened inside its window: after the run, nothing.
    const after = new Date(Date.now() + 1000);
    await new Promise((r) => setTimeout(r, 2500));
    const { client } = await clientFromPrometheus(
      prom.api,
      { start: after, end: new Date() },
      usedTestid,
      sloAsThresholds(slo),
    );
    assert.equal(client.requests, 0);
    assert.equal(client.p95Ms, null);
    assert.ok(client.thresholds.every((t) => t.ok === null));
  });

  it('a threshold on the combined data fails the run even when every generator passed its share', async () => {
    // p(95) under 1 ms cannot hold against a 30-250 ms delay; each generator's own verdict is ignored.
    const three = await runDistributed({
      ...ci,
      env: { ...ci.env, RATE: '9' },
      baseUrl: api.url,
      testid: `n3-fail-${Date.now()}`,
      outDir: join(api.dir, 'n3-fail'),
      prometheusRw: prom.remoteWriteUrl,
      parallelism: 3,
    });
    assert.equal(three.status, 'ran', three.reason);
    const { client } = await clientFromPrometheus(
      prom.api,
      { start: three.startedAt, end: three.endedAt },
      three.testid,
      { http_req_duration: ['p(95)<1', 'max<1000'], custom_metric: ['count>0'] },
    );
    assert.deepEqual(
      client.thresholds.map((t) => [t.expression, t.ok]),
      [
        ['p(95)<1', false],
        ['max<1000', null],
        ['count>0', null],
      ],
    );
  });
});
