/**
 * Every Prometheus answer shape that is not a sound one, on the `verify --testid` path: a scripted
 * Prometheus sits in front of a real one holding a healthy scale-up, and spoils only k6's queries.
 * The scaling checks all pass, so nothing but the load's own checks can stop a PASS: each shape
 * must leave them in the verdict, not judged with the cause, and the run COULD NOT RUN.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scenarioStart } from '@loadlab/prometheus-client';
import { startScriptedPrometheus, success, type Answer } from '@loadlab/prometheus-client/scripted';
import { backfilledPrometheus } from '../backfilled-prometheus.fixture.ts';
import { EXIT_CODES } from '../model/verdict.ts';
import { loadSlo } from '../slo/slo.ts';
import { SCENARIOS, SECONDS, writeScenario } from './scenarios.fixture.ts';
import { verifyScaling } from './verify.ts';

const LOAD_CHECKS = ['client-p95', 'client-p99', 'client-errors', 'client-checks', 'k6-thresholds'];

/** Spoilt answers to k6's queries, and what the verdict must name. */
const SHAPES: Record<string, { answer: (instant: boolean) => Answer; names: RegExp }> = {
  '400 bad_data': {
    answer: () => ({
      status: 400,
      body: { status: 'error', errorType: 'bad_data', error: 'invalid parameter "query"' },
    }),
    names: /refused \/api\/v1\/query \(HTTP 400.*bad_data: invalid parameter/,
  },
  'an HTML page with status 200': {
    answer: () => ({ body: '<!doctype html><html><body>Sign in</body></html>' }),
    names:
      /an HTML page \(HTTP 200\), not the Prometheus API: is --prometheus the Prometheus server itself/,
  },
  'a timeout': {
    answer: () => ({
      body: { status: 'success', data: { resultType: 'vector', result: [] } },
      delayMs: 8000,
    }),
    names: /did not answer \/api\/v1\/query within 2\.5 s.*overloaded/,
  },
  'a Prometheus before 2.33 refusing @': {
    answer: () => ({
      status: 400,
      body: {
        status: 'error',
        errorType: 'bad_data',
        error: '1:40: parse error: @ modifier is disabled',
      },
    }),
    names: /upgrade it to 2\.33 or later, or start it with --enable-feature=promql-at-modifier/,
  },
  'success without data': {
    answer: () => ({ body: { status: 'success' } }),
    names: /status success but no data/,
  },
  'a null result': {
    answer: () => success({ resultType: 'matrix', result: null }),
    names: /status success but result null/,
  },
  'resultType string': {
    answer: () => success({ resultType: 'string', result: [1, 'x'] }),
    names: /resultType "string"/,
  },
  'a matrix where a vector was asked, a vector where a matrix was': {
    answer: (instant) =>
      success(
        instant
          ? { resultType: 'vector', result: [{ metric: {}, value: [1, '1'] }] }
          : { resultType: 'matrix', result: [{ metric: {}, values: [[1, '1']] }] },
      ),
    names: /resultType "(vector|matrix)"/,
  },
  'NaN series': {
    answer: (instant) =>
      success(
        instant
          ? {
              resultType: 'matrix',
              result: [
                {
                  metric: { testid: 'healthy' },
                  values: [
                    [1, 'NaN'],
                    [2, 'NaN'],
                  ],
                },
              ],
            }
          : { resultType: 'vector', result: [{ metric: {}, value: [1, 'NaN'] }] },
      ),
    names: /NaN, not a finite number/,
  },
};

/**
 * What the backfilled data cannot hold (promtool backfills no native histograms): k6's latency
 * histogram and check counters for the healthy run, answered here; every other query goes to the
 * real Prometheus. With them the control verdict is a PASS.
 */
function k6Complement(start: number) {
  return (path: string, p: URLSearchParams): Answer | undefined => {
    const q = p.get('query')!;
    if (path !== '/api/v1/query' || !/^k6_(http_req_duration_seconds|check_)/.test(q))
      return undefined;
    // The baseline read (at the window's start) finds nothing: the run began inside the window.
    if (Number(p.get('time')) <= start) return success({ resultType: 'matrix', result: [] });
    const t = start + 300;
    const series = (values: [number, string][]) => ({ metric: { testid: 'healthy' }, values });
    if (q.startsWith('k6_check_evaluations_total'))
      return success({ resultType: 'matrix', result: [series([[t, '50000']])] });
    if (q.startsWith('k6_check_failures_total'))
      return success({ resultType: 'matrix', result: [] });
    const h = {
      count: '1000',
      sum: '100',
      buckets: [
        [0, '0.09', '0.1', '990'],
        [0, '0.5', '0.55', '10'],
      ],
    };
    return success({
      resultType: 'matrix',
      result: [{ metric: { testid: 'healthy' }, histograms: [[t, h]] }],
    });
  };
}

describe('every Prometheus answer shape on verify --testid', () => {
  const start = scenarioStart();

  const prom = backfilledPrometheus('shapes-', start, (w) => {
    writeScenario(w, SCENARIOS.healthy!, 'healthy');
  });

  const verify = async (url: string) =>
    verifyScaling({
      prometheusUrl: url,
      namespace: 'healthy',
      deployment: 'crocodile-api',
      scaledObject: 'crocodile-api',
      testid: 'healthy',
      judgeLoad: true,
      start: new Date(start * 1000),
      end: new Date((start + SECONDS) * 1000),
      slo: await loadSlo(),
      queryTimeoutMs: 2500,
    });

  it('the same data answered soundly: PASS (so only the shape can stop a PASS)', async () => {
    const scripted = await startScriptedPrometheus(k6Complement(start), { forwardTo: prom.url });
    try {
      const v = await verify(scripted.url);
      assert.equal(v.status, 'pass', JSON.stringify(v.checks, null, 1));
      assert.deepEqual(
        LOAD_CHECKS.map((id) => v.checks.find((c) => c.id === id)?.outcome),
        LOAD_CHECKS.map(() => 'pass'),
      );
    } finally {
      await scripted.close();
    }
  });

  for (const [shape, { answer, names }] of Object.entries(SHAPES)) {
    it(`${shape}: COULD NOT RUN (exit 2), each load check not judged naming the cause`, async () => {
      // Only k6's instant queries (its counters and histograms) are spoilt.
      const scripted = await startScriptedPrometheus(
        (path, p) =>
          path === '/api/v1/query' && p.get('query')!.includes('k6_')
            ? answer(/^count\(/.test(p.get('query')!) ? false : true)
            : k6Complement(start)(path, p),
        { forwardTo: prom.url },
      );
      try {
        const v = await verify(scripted.url);
        assert.equal(v.status, 'could-not-run', JSON.stringify(v.checks, null, 1));
        assert.equal(EXIT_CODES[v.status], 2);
        assert.match(v.reason!, names);
        for (const id of LOAD_CHECKS) {
          const c = v.checks.find((x) => x.id === id);
          assert.ok(c, `${id} is in the verdict`);
          assert.equal(c.outcome, 'not-judged', id);
          assert.ok(c.reason, `${id} says why`);
        }
        assert.ok(
          v.checks.filter((c) => c.outcome === 'not-judged').some((c) => names.test(c.reason!)),
          'a check names the cause',
        );
      } finally {
        await scripted.close();
      }
    });
  }

  it('scaling queries: histograms instead of values, or an HTML page: COULD NOT RUN naming the cause', async () => {
    const cases: [Answer, RegExp][] = [
      [
        success({
          resultType: 'matrix',
          result: [{ metric: {}, histograms: [[start, { count: '1', sum: '1' }]] }],
        }),
        /native histograms \(or no values\) where float samples were expected/,
      ],
      [{ body: '<html>proxy error</html>' }, /an HTML page \(HTTP 200\)/],
    ];
    for (const [answer, names] of cases) {
      const scripted = await startScriptedPrometheus(
        (path) =>
          path === '/api/v1/query_range'
            ? answer
            : k6Complement(start)(path, new URLSearchParams()),
        { forwardTo: prom.url },
      );
      try {
        const v = await verify(scripted.url);
        assert.equal(v.status, 'could-not-run');
        assert.match(v.reason!, names);
      } finally {
        await scripted.close();
      }
    }
  });

  it('ready replicas of only NaN are named as broken, not as "series not found"', async () => {
    const scripted = await startScriptedPrometheus(
      (path, p) =>
        path === '/api/v1/query_range' &&
        /^sum\(kube_deployment_status_replicas_ready/.test(p.get('query')!)
          ? success({
              resultType: 'matrix',
              result: [
                {
                  metric: {},
                  values: [
                    [start, 'NaN'],
                    [start + 15, 'NaN'],
                  ],
                },
              ],
            })
          : k6Complement(start)(path, p),
      { forwardTo: prom.url },
    );
    try {
      const v = await verify(scripted.url);
      assert.equal(v.status, 'could-not-run');
      assert.match(
        v.reason!,
        /the ready \(Deployment\) replicas series for healthy\/crocodile-api holds only NaN or ±Inf values \(2 of them\)/,
      );
      assert.doesNotMatch(v.reason!, /series not found/);
    } finally {
      await scripted.close();
    }
  });
});
