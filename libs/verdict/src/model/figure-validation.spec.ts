import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide } from './check.ts';
import {
  clientProblems,
  figureProblem,
  percentileOrderProblem,
  serverProblems,
} from './figure-validation.ts';
import { sloChecks } from '../slo/slo-checks.ts';
import { client, server, slo } from '../slo/test-support.ts';

describe('a sound figure or no figure', () => {
  it('counts and latencies are finite and >= 0; ratios in [0, 1]; null is "not measured", not junk', () => {
    for (const kind of ['count', 'latency', 'ratio'] as const) {
      for (const bad of [NaN, Infinity, -Infinity, -1, -Number.MIN_VALUE])
        assert.ok(figureProblem('x', bad, kind), `${kind} ${bad}`);
      for (const good of [0, 0.5, 1]) assert.equal(figureProblem('x', good, kind), undefined);
      assert.equal(figureProblem('x', null, kind), undefined);
    }
    assert.equal(
      figureProblem('x', 1.0000001, 'ratio')?.includes('a ratio is a finite number in [0, 1]'),
      true,
    );
    assert.equal(figureProblem('x', 2, 'count'), undefined);
    assert.equal(figureProblem('x', 5000, 'latency'), undefined);
    assert.equal(
      figureProblem('client error rate', -0.075, 'ratio'),
      'client error rate read as -0.075, not a sound figure (a ratio is a finite number in [0, 1]): the data behind it is broken',
    );
    assert.match(
      figureProblem('n', NaN, 'count')!,
      /n read as NaN.*a count is a finite number >= 0/,
    );
    assert.match(figureProblem('n', -1, 'latency')!, /a latency is a finite number >= 0/);
  });

  it('p99 below p95 is impossible; equal is fine; a missing one says nothing', () => {
    assert.equal(
      percentileOrderProblem('client', 62, 60.4),
      'client p99 60.4 ms is below its p95 62 ms, impossible for one distribution: the histogram behind them is broken (a reset or mixed series)',
    );
    assert.equal(percentileOrderProblem('client', 62, 62), undefined);
    assert.equal(percentileOrderProblem('client', 62, 63), undefined);
    assert.equal(percentileOrderProblem('client', null, 1), undefined);
    assert.equal(percentileOrderProblem('client', 1, null), undefined);
  });

  it('client: each unsound figure named; what the source reported is kept', () => {
    assert.deepEqual(clientProblems(client), {});
    const p = clientProblems({
      ...client,
      requests: -4000,
      errorRate: -0.075,
      checksRate: 1.075,
      p95Ms: 62,
      p99Ms: 60.4,
    });
    assert.deepEqual(Object.keys(p).sort(), [
      'checksRate',
      'errorRate',
      'p95Ms',
      'p99Ms',
      'requests',
    ]);
    assert.match(p.p99Ms!, /below its p95/);
    assert.match(clientProblems({ ...client, p95Ms: NaN }).p95Ms!, /client p95 read as NaN/);
    assert.match(clientProblems({ ...client, p99Ms: -1 }).p99Ms!, /client p99 read as -1/);
    const reported = clientProblems({ ...client, problems: { errorRate: 'a sample is NaN' } });
    assert.deepEqual(reported, { errorRate: 'a sample is NaN' });
  });

  it('server: requests, p95 (and its order with p99) and the 5xx ratio', () => {
    assert.deepEqual(serverProblems(server), {});
    assert.deepEqual(
      Object.keys(serverProblems({ ...server, requests: NaN, p95Ms: -3, errorRatio: -0.5 })).sort(),
      ['errorRatio', 'p95Ms', 'requests'],
    );
    assert.match(
      serverProblems({ ...server, p95Ms: 300, p99Ms: 200 }).p95Ms!,
      /server p99 200 ms is below its p95 300 ms/,
    );
  });

  it("the issue's junk never passes: each unsound figure is not judged and the run COULD NOT RUN", () => {
    const cases = [
      { errorRate: -0.01 }, // a negative failed count
      { errorRate: NaN },
      { checksRate: 1.075 },
      { p95Ms: 62, p99Ms: 60.4 },
      { requests: -4000, errorRate: -0.075 },
    ];
    for (const junk of cases) {
      const checks = sloChecks(slo, { ...client, ...junk }, server);
      const unjudged = checks.filter((c) => c.outcome === 'not-judged');
      assert.ok(unjudged.length, JSON.stringify(junk));
      assert.ok(
        unjudged.every((c) => /not a sound figure|impossible for one distribution/.test(c.reason!)),
      );
      assert.equal(decide(checks).status, 'could-not-run', JSON.stringify(junk));
    }
    const srv = sloChecks(slo, client, { ...server, errorRatio: -0.5 });
    assert.equal(srv.find((c) => c.id === 'server-errors')!.outcome, 'not-judged');
    const srvN = sloChecks(slo, client, { ...server, requests: -5 });
    assert.equal(srvN.find((c) => c.id === 'server-saw-load')!.outcome, 'not-judged');
    assert.equal(srvN.find((c) => c.id === 'server-errors')!.outcome, 'not-judged');
    const srvP = sloChecks(slo, client, { ...server, p95Ms: NaN });
    assert.equal(srvP.find((c) => c.id === 'server-p95')!.outcome, 'not-judged');
    // A bad error rate also marks requests, and vice versa: either leaves the error check unjudged.
    const req = sloChecks(slo, { ...client, requests: NaN }, server);
    assert.equal(req.find((c) => c.id === 'client-errors')!.outcome, 'not-judged');
    assert.equal(req.find((c) => c.id === 'client-p95')!.outcome, 'pass');
  });

  it('names each figure and its domain exactly', () => {
    const junk = { ...client, requests: -1, p95Ms: -2, p99Ms: -3, errorRate: 2, checksRate: -4 };
    assert.deepEqual(clientProblems(junk), {
      requests:
        'client requests read as -1, not a sound figure (a count is a finite number >= 0): the data behind it is broken',
      p95Ms:
        'client p95 read as -2, not a sound figure (a latency is a finite number >= 0): the data behind it is broken',
      p99Ms:
        'client p99 read as -3, not a sound figure (a latency is a finite number >= 0): the data behind it is broken',
      errorRate:
        'client error rate read as 2, not a sound figure (a ratio is a finite number in [0, 1]): the data behind it is broken',
      checksRate:
        'k6 checks rate read as -4, not a sound figure (a ratio is a finite number in [0, 1]): the data behind it is broken',
    });
    assert.deepEqual(clientProblems({ ...client, p95Ms: 9, p99Ms: 8 }), {
      p95Ms:
        'client p99 8 ms is below its p95 9 ms, impossible for one distribution: the histogram behind them is broken (a reset or mixed series)',
      p99Ms:
        'client p99 8 ms is below its p95 9 ms, impossible for one distribution: the histogram behind them is broken (a reset or mixed series)',
    });
    assert.deepEqual(serverProblems({ ...server, requests: -1, p95Ms: -2, errorRatio: 2 }), {
      requests:
        'server requests read as -1, not a sound figure (a count is a finite number >= 0): the data behind it is broken',
      p95Ms:
        'server p95 read as -2, not a sound figure (a latency is a finite number >= 0): the data behind it is broken',
      errorRatio:
        'server 5xx ratio read as 2, not a sound figure (a ratio is a finite number in [0, 1]): the data behind it is broken',
    });
    assert.deepEqual(serverProblems({ ...server, problems: { errorRatio: 'a sample is NaN' } }), {
      errorRatio: 'a sample is NaN',
    });
    // A missing p95 says nothing about a negative p99's order; its domain does.
    assert.equal(percentileOrderProblem('client', null, -1), undefined);
    assert.equal(percentileOrderProblem('client', -1, null), undefined);
  });
});
