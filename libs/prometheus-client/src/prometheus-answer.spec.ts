/** Every answer shape the query API can meet, through PrometheusApi against a scripted Prometheus. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PrometheusApi, PrometheusQueryError } from './prometheus-api.ts';
import { parseAnswer } from './prometheus-answer.ts';
import {
  startScriptedPrometheus,
  success,
  type Answer,
  type ScriptedPrometheus,
} from './scripted-prometheus.fixture.ts';

describe('Prometheus answers', () => {
  let answer: Answer = success({ resultType: 'vector', result: [] });
  let scripted: ScriptedPrometheus;
  let api: PrometheusApi;
  before(async () => {
    scripted = await startScriptedPrometheus(() => answer);
    api = new PrometheusApi(scripted.url, 1000);
  });
  after(() => scripted?.close());

  const refused = async (call: () => Promise<unknown>, re: RegExp) =>
    assert.rejects(call, (err: Error) => {
      assert.ok(err instanceof PrometheusQueryError, err.stack);
      assert.match(err.message, re);
      return true;
    });
  const instant = () => api.query('up');
  const range = () => api.queryRange('up', new Date(0), new Date(60_000), 15);
  const raw = () => api.rawSeries('up', '5m', new Date(60_000));

  it('sound answers: vector, scalar, matrix; NaN and ±Inf read as numbers for the caller to judge', async () => {
    answer = success({ resultType: 'vector', result: [{ metric: { a: '1' }, value: [5, 'NaN'] }] });
    const [s] = await instant();
    assert.deepEqual(s!.metric, { a: '1' });
    assert.ok(Number.isNaN(s!.value));
    answer = success({ resultType: 'scalar', result: [5, '+Inf'] });
    assert.deepEqual(await instant(), [{ metric: {}, time: 5, value: Infinity }]);
    answer = success({
      resultType: 'matrix',
      result: [
        {
          metric: {},
          values: [
            [1, '-Inf'],
            [2, '3'],
          ],
        },
      ],
    });
    assert.deepEqual((await range())[0]!.values, [
      [1, -Infinity],
      [2, 3],
    ]);
    answer = success({
      resultType: 'matrix',
      result: [
        {
          metric: {},
          histograms: [[1, { count: '2', sum: '0.5', buckets: [[0, '0.1', '0.2', '2']] }]],
        },
      ],
    });
    assert.deepEqual((await raw())[0]!.histograms, [
      [1, { count: 2, sum: 0.5, buckets: [[0, 0.1, 0.2, 2]] }],
    ]);
  });

  it('an HTML page with status 200 is not "OK": names the page and the fix', async () => {
    answer = { body: '<html><title>Sign in</title></html>' };
    await refused(
      instant,
      /answered \/api\/v1\/query with an HTML page \(HTTP 200\), not the Prometheus API: is --prometheus the Prometheus server itself.*Sign in/,
    );
    answer = { body: 'upstream connect error', contentType: 'text/plain', status: 502 };
    await refused(instant, /a body that is not JSON \(HTTP 502\)/);
    answer = { body: '42', contentType: 'application/json' };
    await refused(instant, /not a Prometheus API object/);
  });

  it('an error status names the type, the message and, for @, the upgrade', async () => {
    answer = {
      status: 400,
      body: { status: 'error', errorType: 'bad_data', error: 'parse error' },
    };
    await refused(
      instant,
      /refused \/api\/v1\/query \(HTTP 400, status "error"\) for up: bad_data: parse error$/,
    );
    answer = {
      status: 400,
      body: {
        status: 'error',
        errorType: 'bad_data',
        error: '1:5: parse error: @ modifier is disabled',
      },
    };
    await refused(
      instant,
      /upgrade it to 2\.33 or later, or start it with --enable-feature=promql-at-modifier/,
    );
    answer = {
      status: 400,
      body: { status: 'error', error: "1:5: parse error: unexpected character: '@'" },
    };
    await refused(instant, /upgrade it to 2\.33/);
    answer = {
      status: 503,
      body: { status: 'error', errorType: 'timeout', error: 'query timed out' },
    };
    await refused(instant, /timeout: query timed out \(Prometheus is overloaded/);
    answer = { status: 422, body: { status: 'error', errorType: 'execution' } };
    await refused(instant, /execution: no error message$/);
  });

  it('success with no data, a null result or the wrong result type: named, never a TypeError', async () => {
    answer = { body: { status: 'success' } };
    await refused(instant, /status success but no data/);
    answer = success({ resultType: 'vector', result: null });
    await refused(range, /status success but result null/);
    answer = success({ resultType: 'string', result: [1, 'x'] });
    await refused(instant, /resultType "string" where an instant vector was expected/);
    await refused(raw, /resultType "string", not a matrix/);
    answer = success({ resultType: 'matrix', result: [] });
    await refused(instant, /resultType "matrix" where an instant vector/);
    answer = success({ resultType: 'vector', result: [] });
    await refused(range, /resultType "vector", not a matrix/);
    answer = success({ resultType: 'vector', result: [{ metric: {}, histogram: [1, {}] }] });
    await refused(instant, /a sample without a value/);
    answer = success({ resultType: 'matrix', result: [{ metric: {}, values: [['soon', '1']] }] });
    await refused(range, /a malformed result \(a sample time of "soon"\)/);
    await refused(raw, /a malformed result/);
    answer = success({ resultType: 'matrix', result: [{ metric: {}, values: [7] }] });
    await refused(range, /a malformed result/);
    answer = success({ resultType: 'scalar', result: 'x' });
    await refused(instant, /status success but result "x"/);
  });

  it('a range answer holding histograms instead of values names it', async () => {
    answer = success({
      resultType: 'matrix',
      result: [{ metric: {}, histograms: [[1, { count: '1', sum: '1' }]] }],
    });
    await refused(range, /native histograms \(or no values\) where float samples were expected/);
  });

  it('a timeout and an unreachable Prometheus are named with the fix', async () => {
    answer = { ...success({ resultType: 'vector', result: [] }), delayMs: 5000 };
    await refused(
      instant,
      /did not answer \/api\/v1\/query within 1 s for up: is it overloaded\? Try a shorter window/,
    );
    await refused(
      () => new PrometheusApi('http://127.0.0.1:1').query('up'),
      /Prometheus at http:\/\/127\.0\.0\.1:1 is unreachable: .*is it running, and is --prometheus right\?/,
    );
  });

  it('parseAnswer alone: HTML only when the body starts with a tag; quotes at most 80 characters', () => {
    const c = { what: 'P', path: '/q', query: 'x' };
    const msg = (text: string, status = 200) => {
      try {
        parseAnswer(text, status, c);
      } catch (err) {
        return (err as Error).message;
      }
      return 'no error';
    };
    assert.match(msg(' \n<html>'), /with an HTML page \(HTTP 200\)/);
    assert.match(msg('error: a < b'), /with a body that is not JSON \(HTTP 200\)/);
    assert.match(msg('x<html>'), /with a body that is not JSON/);
    const long = `<html>${'a'.repeat(200)}`;
    assert.ok(msg(long).endsWith(`It began: ${JSON.stringify(long.slice(0, 80))}`));
    const str = JSON.stringify('b'.repeat(200));
    assert.equal(
      msg(str),
      `P answered /q with ${JSON.stringify(str.slice(0, 80))}, not a Prometheus API object: is --prometheus right?`,
    );
    // The error type only when it is a string; the overload hint on 503 or a timeout type alone.
    assert.equal(
      msg('{"status":"error","errorType":5,"error":"boom"}', 422),
      'P refused /q (HTTP 422, status "error") for x: boom',
    );
    assert.equal(
      msg('{"status":"error","error":"boom"}', 503),
      'P refused /q (HTTP 503, status "error") for x: boom (Prometheus is overloaded or the query too heavy: try a shorter window)',
    );
    assert.match(
      msg('{"status":"error","errorType":"timeout","error":"t"}', 422),
      /timeout: t \(Prometheus is overloaded/,
    );
    assert.equal(
      msg('{"status":"x"}', 200),
      'P refused /q (HTTP 200, status "x") for x: no error message',
    );
    assert.equal(msg('{"error":"e"}', 500), 'P refused /q (HTTP 500, status null) for x: e');
    // data that is not an object: "no data"; an object without an array result: the result named.
    for (const data of ['"str"', '5', 'null'])
      assert.match(msg(`{"status":"success","data":${data}}`), /status success but no data:/);
    assert.match(
      msg('{"status":"success","data":{"result":{}}}'),
      /status success but result \{\}:/,
    );
  });

  it('parseAnswer alone: a scalar result is an array and passes', () => {
    const c = { what: 'P', path: '/q', query: 'x' };
    assert.deepEqual(
      parseAnswer('{"status":"success","data":{"resultType":"scalar","result":[1,"2"]}}', 200, c),
      {
        resultType: 'scalar',
        result: [1, '2'],
      },
    );
    assert.throws(() => parseAnswer('null', 200, c), /not a Prometheus API object/);
  });
});
