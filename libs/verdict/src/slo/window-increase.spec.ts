/** Reading a window's gain from raw samples, against a scripted Prometheus (fast; no real one needed). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PrometheusApi } from '@loadlab/prometheus-client';
import {
  startScriptedPrometheus,
  success,
  type ScriptedPrometheus,
} from '@loadlab/prometheus-client/scripted';
import { CouldNotRunError } from '../could-not-run.ts';
import {
  readCounter,
  readCounterBy,
  readHistogram,
  RUN_GAP_SECONDS,
  secondRunStart,
} from './window-increase.ts';

const S = 10_000;
const span = {
  start: new Date(S * 1000),
  evalAt: new Date((S + 600) * 1000),
  window: '600s',
  testid: 't',
};
const h = (n: number, slow = 0) => ({
  count: String(n + slow),
  sum: String(n * 0.1 + slow * 2),
  buckets: [
    ...(n ? [[0, '0.09', '0.1', String(n)]] : []),
    ...(slow ? [[0, '1.9', '2', String(slow)]] : []),
  ],
});

describe('window increase', () => {
  /** The series answered in the window and at its start (the baseline), by the test. */
  let inWindow: unknown[] = [];
  let atStart: unknown[] = [];
  let scripted: ScriptedPrometheus;
  let prom: PrometheusApi;
  before(async () => {
    scripted = await startScriptedPrometheus((_path, p) =>
      success({ resultType: 'matrix', result: Number(p.get('time')) <= S ? atStart : inWindow }),
    );
    prom = new PrometheusApi(scripted.url);
  });
  after(() => scripted?.close());
  const floats = (labels: Record<string, string>, values: [number, number | string][]) => ({
    metric: labels,
    values: values.map(([t, v]) => [t, String(v)]),
  });

  it('sums each series from its baseline, resets included; a series born in the window counts from zero', async () => {
    atStart = [
      floats({ a: '1' }, [
        [S - 600, 5],
        [S - 15, 10_000],
      ]),
    ];
    inWindow = [
      floats({ a: '1' }, [
        [S + 60, 100],
        [S + 600, 6000],
      ]),
      floats({ a: '2' }, [[S + 90, 7]]),
    ];
    assert.deepEqual(await readCounter(prom, 'x', span), { value: 6007 });
    assert.deepEqual(scripted.queries.slice(-2).sort(), ['x[1h]', 'x[600s]']);
  });

  it('no series: null (nothing measured), never 0', async () => {
    atStart = [floats({ a: '1' }, [[S - 15, 3]])];
    inWindow = [];
    assert.deepEqual(await readCounter(prom, 'x', span), { value: null });
    assert.deepEqual(await readHistogram(prom, 'x', span), { value: null });
  });

  it('a NaN anywhere read is a problem naming the series, never a zero', async () => {
    atStart = [];
    inWindow = [
      floats({ a: '1' }, [
        [S + 60, 1],
        [S + 75, 'NaN'],
      ]),
    ];
    const r = await readCounter(prom, 'x', span);
    assert.equal(r.value, null);
    assert.match(r.problem!, /^x series \{"a":"1"\}: a sample at .* is NaN, not a finite number$/);
    atStart = [floats({ a: '1' }, [[S - 15, '+Inf']])];
    inWindow = [floats({ a: '1' }, [[S + 60, 1]])];
    assert.match((await readCounter(prom, 'x', span)).problem!, /is Infinity/);
  });

  it('a series answered twice is a problem (no Prometheus does that)', async () => {
    atStart = [];
    inWindow = [floats({ a: '1' }, [[S + 60, 1]]), floats({ a: '1' }, [[S + 60, 1]])];
    assert.match(
      (await readCounter(prom, 'x', span)).problem!,
      /answered the series \{"a":"1"\} twice/,
    );
    inWindow = [floats({ a: '1' }, [[S + 60, 1]])];
    atStart = [floats({ a: '2' }, [[S - 5, 1]]), floats({ a: '2' }, [[S - 5, 1]])];
    assert.match((await readHistogram(prom, 'x', span)).problem!, /twice/);
  });

  it('histograms: gained across a reset, merged over series', async () => {
    atStart = [{ metric: { a: '1' }, histograms: [[S - 15, h(1000)]] }];
    inWindow = [
      {
        metric: { a: '1' },
        histograms: [
          [S + 60, h(0, 50)],
          [S + 120, h(0, 100)],
        ],
      },
      { metric: { a: '2' }, histograms: [[S + 60, h(10)]] },
    ];
    const r = await readHistogram(prom, 'x', span);
    assert.equal(r.problem, undefined);
    assert.equal(r.value!.count, 110);
    assert.deepEqual(
      r.value!.buckets.filter((b) => b[3]),
      [
        [0, 0.09, 0.1, 10],
        [0, 1.9, 2, 100],
      ],
    );
    inWindow = [{ metric: { a: '1' }, histograms: [[S + 60, { ...h(5), count: '6' }]] }];
    assert.match(
      (await readHistogram(prom, 'x', span)).problem!,
      /buckets holding 5 observations for a count of 6/,
    );
  });

  it('two runs in the window (a silence, then counters from zero) are refused; a run before the window is not', async () => {
    atStart = [floats({ a: '1' }, [[S - 1200, 10_000]])];
    inWindow = [
      floats({ a: '1' }, [
        [S + 60, 100],
        [S + 65, 200],
      ]),
    ];
    assert.deepEqual(await readCounter(prom, 'x', span), { value: 200 });
    atStart = [];
    inWindow = [
      floats({ a: '1' }, [
        [S + 10, 100],
        [S + 20, 500],
        [S + 400, 3],
        [S + 410, 8],
      ]),
    ];
    await assert.rejects(readCounter(prom, 'x', span), (err: Error) => {
      assert.ok(err instanceof CouldNotRunError);
      assert.equal(
        err.message,
        'testid t holds two runs in this window: x has no samples from 1970-01-01T02:47:00.000Z, then starts again from zero at 1970-01-01T02:53:20.000Z. Give each run its own testid, or narrow --start/--end to one run',
      );
      return true;
    });
    inWindow = [
      {
        metric: { a: '1' },
        histograms: [
          [S + 10, h(100)],
          [S + 400, h(3)],
        ],
      },
    ];
    await assert.rejects(readHistogram(prom, 'x', span), /two runs/);
    // A second run's new series (born after the silence) is a restart too.
    inWindow = [floats({ a: '1' }, [[S + 10, 100]]), floats({ a: '2' }, [[S + 400, 3]])];
    await assert.rejects(readCounter(prom, 'x', span), /two runs/);
  });

  it('only series of the right kind count: histograms for counters, floats for histograms', async () => {
    atStart = [{ metric: { a: '1' }, histograms: [[S - 15, h(5)]] }];
    inWindow = [{ metric: { a: '1' }, histograms: [[S + 60, h(7)]] }];
    assert.deepEqual(await readCounter(prom, 'x', span), { value: null });
    atStart = [floats({ a: '1' }, [[S - 15, 3]])];
    inWindow = [floats({ a: '1' }, [[S + 60, 4]])];
    assert.deepEqual(await readHistogram(prom, 'x', span), { value: null });
    // A baseline of the other kind is no baseline: the series counts from zero.
    atStart = [{ metric: { a: '1' }, histograms: [[S - 15, h(5)]] }];
    inWindow = [floats({ a: '1' }, [[S + 60, 4]])];
    assert.deepEqual(await readCounter(prom, 'x', span), { value: 4 });
    atStart = [floats({ a: '1' }, [[S - 15, 3]])];
    inWindow = [{ metric: { a: '1' }, histograms: [[S + 60, h(7)]] }];
    assert.equal((await readHistogram(prom, 'x', span)).value!.count, 7);
  });

  it('after a silence, a counter that goes on (equal or higher) is the same run, not a second', async () => {
    atStart = [];
    inWindow = [
      floats({ a: '1' }, [
        [S + 10, 100],
        [S + 400, 100],
        [S + 410, 120],
      ]),
    ];
    assert.deepEqual(await readCounter(prom, 'x', span), { value: 120 });
    inWindow = [
      {
        metric: { a: '1' },
        histograms: [
          [S + 10, h(100)],
          [S + 400, h(100)],
          [S + 410, h(101)],
        ],
      },
    ];
    assert.equal((await readHistogram(prom, 'x', span)).value!.count, 101);
    // Counters restarted at once, without a silence (a k6 restart inside one run): counted across.
    inWindow = [
      floats({ a: '1' }, [
        [S + 10, 100],
        [S + 20, 5],
      ]),
    ];
    assert.deepEqual(await readCounter(prom, 'x', span), { value: 105 });
  });

  it('by label: each group summed; a series without the label in group ""', async () => {
    atStart = [floats({ status: '200' }, [[S - 15, 10]])];
    inWindow = [
      floats({ status: '200' }, [[S + 60, 15]]),
      floats({ status: '200', pod: 'b' }, [[S + 60, 2]]),
      floats({ status: '500' }, [[S + 60, 1]]),
      floats({}, [[S + 60, 4]]),
    ];
    const r = await readCounterBy(prom, 'x', span, 'status');
    assert.deepEqual([...r.value!].sort(), [
      ['', 4],
      ['200', 7],
      ['500', 1],
    ]);
    assert.deepEqual([...(await readCounterBy(prom, 'x', span)).value!], [['', 12]]);
  });

  it('a histogram baseline is subtracted', async () => {
    atStart = [{ metric: { a: '1' }, histograms: [[S - 15, h(10)]] }];
    inWindow = [{ metric: { a: '1' }, histograms: [[S + 60, h(15)]] }];
    assert.equal((await readHistogram(prom, 'x', span)).value!.count, 5);
  });

  it('a series that goes on from its baseline after another fell silent is no restart', async () => {
    atStart = [floats({ a: '2' }, [[S - 15, 100]])];
    inWindow = [floats({ a: '1' }, [[S + 10, 5]]), floats({ a: '2' }, [[S + 400, 120]])];
    assert.deepEqual(await readCounter(prom, 'x', span), { value: 25 });
  });

  it('server counters (restarts allowed): a silence and a restart are counted across, never refused', async () => {
    atStart = [];
    inWindow = [
      floats({ a: '1' }, [
        [S + 10, 100],
        [S + 400, 3],
      ]),
    ];
    assert.deepEqual(await readCounter(prom, 'x', { ...span, restartsAllowed: true }), {
      value: 103,
    });
    await assert.rejects(readCounter(prom, 'x', span), /two runs/);
  });

  it('secondRunStart: a silence of RUN_GAP_SECONDS followed by a restart within RUN_GAP_SECONDS', () => {
    const g = RUN_GAP_SECONDS;
    assert.equal(secondRunStart([]), undefined);
    assert.equal(
      secondRunStart([{ times: [0, g - 1], restarts: [g - 1] }]),
      undefined,
      'a short pause',
    );
    assert.deepEqual(secondRunStart([{ times: [0, g], restarts: [g] }]), {
      silentFrom: 0,
      restartAt: g,
    });
    const after = Array.from({ length: g / 5 + 2 }, (_, k) => g + 5 * k);
    assert.equal(
      secondRunStart([{ times: [0, ...after], restarts: [2 * g] }]),
      undefined,
      'a restart RUN_GAP_SECONDS after the silence ended is too late to be its start',
    );
    assert.deepEqual(secondRunStart([{ times: [0, ...after], restarts: [2 * g - 1] }]), {
      silentFrom: 0,
      restartAt: 2 * g - 1,
    });
    assert.equal(
      secondRunStart([{ times: [0, g], restarts: [] }]),
      undefined,
      'a pause without a restart: one run',
    );
    assert.deepEqual(secondRunStart([{ times: [0, g, g + g - 1], restarts: [g + g - 1] }]), {
      silentFrom: 0,
      restartAt: 2 * g - 1,
    });
    // Samples every 5 s after the silence; the restart comes RUN_GAP_SECONDS + 5 s after it ended.
    const steady = Array.from({ length: g / 5 + 2 }, (_, k) => g + 5 * k);
    assert.equal(
      secondRunStart([{ times: [0, ...steady], restarts: [2 * g + 5] }]),
      undefined,
      'restart too late after the silence',
    );
    assert.equal(
      secondRunStart([{ times: [0, g], restarts: [g - 1] }]),
      undefined,
      'restart before the silence ended',
    );
    // Samples of another series fill the silence: no silence at all.
    assert.equal(
      secondRunStart([
        { times: [0, g], restarts: [g] },
        { times: [g / 2], restarts: [] },
      ]),
      undefined,
    );
    // Duplicated times count once.
    assert.deepEqual(
      secondRunStart([
        { times: [0, 5], restarts: [] },
        { times: [5, 5 + g], restarts: [5 + g] },
      ]),
      { silentFrom: 5, restartAt: 5 + g },
    );
  });
});
