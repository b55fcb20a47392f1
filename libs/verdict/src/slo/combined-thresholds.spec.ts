import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateThresholds, parseMetricKey, type FigureRequest } from './combined-thresholds.ts';

const figures = (values: Record<string, number>) => {
  const asked: FigureRequest[] = [];
  const source = async (r: FigureRequest) => {
    asked.push(r);
    const key = `${r.metric}${JSON.stringify(r.labels)}:${r.stat}`;
    return key in values ? values[key]! : { notJudged: `no ${key}` };
  };
  return { source, asked };
};

describe('thresholds re-evaluated on combined data', () => {
  it('each operator holds exactly where k6 says, below, at and above its limit', async () => {
    for (const [value, expected] of [
      [
        699,
        { '<': true, '<=': true, '>': false, '>=': false, '==': false, '===': false, '!=': true },
      ],
      [
        700,
        { '<': false, '<=': true, '>': false, '>=': true, '==': true, '===': true, '!=': false },
      ],
      [
        701,
        { '<': false, '<=': false, '>': true, '>=': true, '==': false, '===': false, '!=': true },
      ],
    ] as const) {
      const { source } = figures({ 'http_req_duration{}:p(95)': value });
      const ops = Object.keys(expected) as (keyof typeof expected)[];
      const r = await evaluateThresholds(
        { http_req_duration: ops.map((op) => `p(95)${op}700`) },
        source,
      );
      assert.deepEqual(
        Object.fromEntries(r.map((t, i) => [ops[i], t.ok])),
        expected,
        `at ${value}`,
      );
    }
  });

  it('judges each operator on the combined figure, at and around its limit', async () => {
    const { source } = figures({
      'http_req_duration{}:p(95)': 700,
      'http_req_failed{}:rate': 0.01,
      'checks{}:rate': 0.99,
      'http_reqs{}:count': 5,
    });
    const r = await evaluateThresholds(
      {
        http_req_duration: [
          'p(95)<700',
          'p(95)<=700',
          'p(95)>700',
          'p(95)>=700',
          'p(95)==700',
          'p(95)!=700',
        ],
        http_req_failed: [{ threshold: 'rate<0.02' }, 'rate < 0.01'],
        checks: ['rate>0.98'],
        http_reqs: ['count===5'],
      },
      source,
    );
    assert.deepEqual(
      r.map((t) => [t.expression, t.ok, t.value]),
      [
        ['p(95)<700', false, 700],
        ['p(95)<=700', true, 700],
        ['p(95)>700', false, 700],
        ['p(95)>=700', true, 700],
        ['p(95)==700', true, 700],
        ['p(95)!=700', false, 700],
        ['rate<0.02', true, 0.01],
        ['rate < 0.01', false, 0.01],
        ['rate>0.98', true, 0.99],
        ['count===5', true, 5],
      ],
    );
    const floats = await evaluateThresholds(
      { http_req_failed: ['rate<.02', 'rate<1e-3', 'rate>-5', 'rate<+1.5E1'] },
      source,
    );
    assert.deepEqual(
      floats.map((t) => t.ok),
      [true, false, true, true],
      'numbers as k6 reads them (ParseFloat)',
    );
  });

  it('a figure whose request cannot even be made (say, a bad label name) is not judged', async () => {
    const [t] = await evaluateThresholds({ 'http_reqs{my-tag:x}': ['count>0'] }, async () => {
      throw new Error('invalid Prometheus label name "my-tag"');
    });
    assert.deepEqual([t!.ok, t!.note], [null, 'invalid Prometheus label name "my-tag"']);
  });

  it('passes submetric tags on as label filters and the stat as written', async () => {
    const { source, asked } = figures({
      'http_req_duration{"scenario":"p1","name":"a b"}:p(99.9)': 3,
    });
    const [t] = await evaluateThresholds(
      { 'http_req_duration{scenario:p1, name: a b}': ['p(99.9)<5'] },
      source,
    );
    assert.equal(t!.ok, true);
    assert.deepEqual(asked, [
      { metric: 'http_req_duration', labels: { scenario: 'p1', name: 'a b' }, stat: 'p(99.9)' },
    ]);
  });

  it('a figure the source cannot give, or an expression it cannot read, is not judged, never ok', async () => {
    const { source } = figures({});
    const r = await evaluateThresholds(
      {
        http_req_duration: ['max<100', 'p(95) < abc', 'p95<1', '!p(95)<700', 'p(95)<700ms'],
        'bad{x}': ['count>0'],
        '{x:y}': ['count>0'],
        '9http_reqs': ['count>0'],
        'http_reqs{a:b}x': ['count>0'],
      },
      source,
    );
    assert.deepEqual(
      r.map((t) => [t.metric, t.expression, t.ok]),
      [
        ['http_req_duration', 'max<100', null],
        ['http_req_duration', 'p(95) < abc', null],
        ['http_req_duration', 'p95<1', null],
        ['http_req_duration', '!p(95)<700', null],
        ['http_req_duration', 'p(95)<700ms', null],
        ['bad{x}', 'count>0', null],
        ['{x:y}', 'count>0', null],
        ['9http_reqs', 'count>0', null],
        ['http_reqs{a:b}x', 'count>0', null],
      ],
    );
    assert.match(r[0]!.note!, /no http_req_duration\{\}:max/);
    assert.match(r[1]!.note!, /"p\(95\) < abc" is not "stat op number"/);
    assert.match(r[5]!.note!, /tag filter "x" is not tag:value/);
    assert.match(r[6]!.note!, /is not name or name\{tag:value\}/);
  });

  it('an expression or a metric key it cannot read is not judged, even where the figure exists', async () => {
    const asked: FigureRequest[] = [];
    const any = async (r: FigureRequest) => (asked.push(r), 1);
    const r = await evaluateThresholds(
      {
        http_req_duration: ['!p(95)<700', 'p(95)<700ms', 'p(99.95)<2', ' p(95) < 2 '],
        '9http_reqs': ['count>0'],
        'http_reqs{a:b}x': ['count>0'],
        ' checks{s:1} ': ['rate>0'],
      },
      any,
    );
    assert.deepEqual(
      r.map((t) => [t.expression, t.ok]),
      [
        ['!p(95)<700', null],
        ['p(95)<700ms', null],
        ['p(99.95)<2', true],
        [' p(95) < 2 ', true],
        ['count>0', null],
        ['count>0', null],
        ['rate>0', true],
      ],
    );
    assert.deepEqual(asked.at(-1), { metric: 'checks', labels: { s: '1' }, stat: 'rate' });
  });

  it('parses metric keys with and without tags', () => {
    assert.deepEqual(parseMetricKey('checks'), { metric: 'checks', labels: {} });
    assert.deepEqual(parseMetricKey('dropped_iterations{scenario:a}'), {
      metric: 'dropped_iterations',
      labels: { scenario: 'a' },
    });
  });
});
