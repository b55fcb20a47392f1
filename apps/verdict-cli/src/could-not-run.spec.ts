/**
 * The commands on a Prometheus that answers badly (scripted: an HTML page with status 200, an
 * error status, a Prometheus before 2.33 refusing `@`, histograms where floats were asked) and on
 * input that would silently change the question: exit 2 with one line naming the cause and the
 * fix, never a stack trace, never exit 1 (which means a check failed on measured data).
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  startScriptedPrometheus,
  success,
  type Answer,
  type ScriptedPrometheus,
} from '@loadlab/prometheus-client/scripted';
import { startProcess } from '@loadlab/process-supervisor';
import { makeTempDir, type TempDir } from '@loadlab/testkit';

const VERIFY = fileURLToPath(new URL('./verify-scaling.ts', import.meta.url));
const JUDGE = fileURLToPath(new URL('./judge-run.ts', import.meta.url));
const run = async (cli: string, args: string[]) => {
  const p = startProcess(process.execPath, [cli, ...args]);
  return { code: await p.exited, output: p.output() };
};
const noStack = (output: string) => assert.doesNotMatch(output, /^\s+at .+:\d+:\d+\)?$/m, output);

/** A sound empty answer of the shape asked: a matrix for range queries and range selectors. */
const empty = (path: string, p: URLSearchParams): Answer =>
  success({
    resultType: path === '/api/v1/query' && !/\]$/.test(p.get('query') ?? '') ? 'vector' : 'matrix',
    result: [],
  });

describe('the verdict commands when Prometheus answers badly', () => {
  let dir: TempDir;
  let answer: (path: string, p: URLSearchParams) => Answer | undefined = () => undefined;
  let scripted: ScriptedPrometheus;
  before(async () => {
    dir = await makeTempDir('cnr-');
    scripted = await startScriptedPrometheus((path, p) => answer(path, p));
  });
  after(async () => {
    await scripted?.close();
    await dir?.remove();
  });
  /** A loadlab suite's summary with the given error rate. */
  const writeSummary = async (name: string, testid: string, errorRate: number) => {
    const file = join(dir.path, name);
    await writeFile(
      file,
      JSON.stringify({
        suite: 'load',
        testid,
        state: { testRunDurationMs: 60_000 },
        metrics: {
          http_reqs: { values: { count: 600, rate: 10 } },
          http_req_failed: { values: { rate: errorRate } },
          http_req_duration: { values: { 'p(95)': 100, 'p(99)': 150 } },
          checks: { values: { rate: 1 } },
        },
      }),
    );
    return file;
  };
  const verify = (extra: string[] = []) =>
    run(VERIFY, [
      `--prometheus=${scripted.url}`,
      '--last=30m',
      `--out=${join(dir.path, 'verify')}`,
      ...extra,
    ]);

  const shapes: [string, Answer, RegExp][] = [
    [
      'an HTML page with status 200',
      { body: '<html>Sign in</html>' },
      /an HTML page \(HTTP 200\), not the Prometheus API/,
    ],
    [
      'a 400 bad_data',
      { status: 400, body: { status: 'error', errorType: 'bad_data', error: 'bad query' } },
      /\(HTTP 400, status "error"\).*bad_data: bad query/,
    ],
    [
      'histograms where floats were asked',
      success({
        resultType: 'matrix',
        result: [{ metric: {}, histograms: [[1, { count: '1', sum: '1' }]] }],
      }),
      /native histograms \(or no values\) where float samples were expected/,
    ],
    [
      'a null result',
      success({ resultType: 'matrix', result: null }),
      /status success but result null/,
    ],
  ];
  for (const [name, a, names] of shapes) {
    it(`verify --testid on ${name}: COULD NOT RUN, exit 2, the cause named in the console and verdict.json`, async () => {
      answer = () => a;
      const r = await verify(['--testid=t1']);
      assert.equal(r.code, 2, r.output);
      assert.match(r.output, /COULD NOT RUN/);
      assert.match(r.output, names);
      noStack(r.output);
      const v = JSON.parse(await readFile(join(dir.path, 'verify', 'verdict.json'), 'utf8')) as {
        status: string;
        reason: string;
        checks: { id: string; outcome: string; reason: string }[];
      };
      assert.equal(v.status, 'could-not-run');
      assert.match(v.reason, names);
      const load = v.checks.filter((c) => c.id.startsWith('client-') || c.id === 'k6-thresholds');
      assert.equal(load.length, 5, 'the load checks are in verdict.json');
      // Each not judged with its own reason (k6's queries read histograms soundly elsewhere).
      assert.ok(
        load.every((c) => c.outcome === 'not-judged' && c.reason),
        JSON.stringify(load),
      );
    });
  }

  it('verify --testid= (empty): refused before anything runs, exit 2', async () => {
    answer = () => success({ resultType: 'matrix', result: [] });
    for (const empty of ['--testid=', '--testid=  ']) {
      const r = await verify([empty]);
      assert.equal(r.code, 2, r.output);
      assert.match(
        r.output,
        /--testid= is empty: give the run's testid \(--testid=<id>\), or leave --testid out/,
      );
      noStack(r.output);
    }
    assert.equal(
      scripted.queries.filter((q) => q.includes('k6_')).length > 0,
      true,
      'earlier cases asked',
    );
  });

  it('an unknown option: exit 2 naming it, never a stack trace', async () => {
    for (const cli of [JUDGE, VERIFY]) {
      const r = await run(cli, ['--bogus']);
      assert.equal(r.code, 2, r.output);
      assert.match(r.output, /could not run: Unknown option '--bogus'/);
      noStack(r.output);
    }
  });

  it('judge on a Prometheus before 2.33 (no @): never asks for @, so an empty one says "not scraped", exit 2', async () => {
    const summary = await writeSummary('summary.json', 't2', 0);
    const asked = scripted.queries.length;
    answer = (path, p) =>
      / @ /.test(p.get('query') ?? '')
        ? {
            status: 400,
            body: {
              status: 'error',
              errorType: 'bad_data',
              error: '1:80: parse error: @ modifier is disabled',
            },
          }
        : empty(path, p);
    const r = await run(JUDGE, [
      `--summary=${summary}`,
      `--prometheus=${scripted.url}`,
      `--out=${join(dir.path, 'judge')}`,
    ]);
    assert.equal(r.code, 2, r.output);
    assert.ok(scripted.queries.length > asked);
    assert.ok(
      scripted.queries.slice(asked).every((q) => !/ @ /.test(q)),
      'no query uses @',
    );
    assert.match(
      r.output,
      /no node_http_requests_total series for "crocodile-api".*is crocodile-api scraped\?/,
    );
    noStack(r.output);
  });

  it('judge with an unsound summary figure (a negative error rate): not judged, exit 2, never a pass', async () => {
    const summary = await writeSummary('summary-junk.json', 't3', -0.01);
    answer = empty;
    const r = await run(JUDGE, [
      `--summary=${summary}`,
      `--prometheus=${scripted.url}`,
      `--out=${join(dir.path, 'judge2')}`,
    ]);
    assert.equal(r.code, 2, r.output);
    assert.match(r.output, /client error rate read as -0\.01, not a sound figure/);
    noStack(r.output);
  });
});

describe('the verdict commands on path options they cannot use', () => {
  it('refuse each at once, naming the option and the reason (exit 2)', async () => {
    const dir = await makeTempDir('paths-');
    try {
      const summary = join(dir.path, 'summary.json');
      await writeFile(summary, '{}');
      const prom = '--prometheus=http://127.0.0.1:9';
      for (const [cli, args, reason] of [
        [
          VERIFY,
          [prom, '--out=/proc/nope'],
          /--out=\/proc\/nope: not a directory loadlab can write to \(ENOENT/,
        ],
        [
          VERIFY,
          [prom, `--slo=${dir.path}/none.json`],
          /--slo=.*none\.json: cannot read it \(ENOENT/,
        ],
        [VERIFY, [prom, `--capacity-file=${dir.path}`], /--capacity-file=.* is not a regular file/],
        [
          JUDGE,
          [prom, `--summary=${dir.path}/none.json`],
          /--summary=.*none\.json: cannot read it \(ENOENT/,
        ],
        [
          JUDGE,
          [prom, `--summary=${summary}`, '--out=/proc/nope'],
          /--out=\/proc\/nope: not a directory/,
        ],
        [JUDGE, [prom, `--summary=${summary}`, '--slo='], /--slo is empty: give a path/],
      ] as const) {
        const r = await run(cli, [...args]);
        assert.equal(r.code, 2, r.output);
        assert.match(r.output, reason);
        noStack(r.output);
      }
    } finally {
      await dir.remove();
    }
  });
});
