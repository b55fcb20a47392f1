import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Check } from '../model/check.ts';
import type { Verdict } from '../model/verdict.ts';
import { sloChecks } from '../slo/slo-checks.ts';
import { client, server, slo } from '../slo/test-support.ts';
import { consoleReport } from './console.ts';
import { htmlReport } from './html.ts';
import { details, formatExpected, formatMeasured, outcomeLabel } from './format.ts';
import { junitReport } from './junit.ts';

const run = { suite: 'load', testid: 't<1>', start: 'a', end: 'b', target: 'http://x' };

describe('reports', () => {
  const failing: Verdict = {
    status: 'slo-failed',
    run,
    slo,
    checks: sloChecks(slo, { ...client, p95Ms: 910, p99Ms: 1200 }, server),
    hints: ['look <here>'],
  };

  it('JUnit: one case per check, failures with measured and expected, escaped', () => {
    const xml = junitReport(failing);
    assert.match(xml, /tests="8" failures="1" errors="0" skipped="0"/);
    assert.match(xml, /<failure message="measured 910\.0 ms, expected &lt; 700 ms">/);
    assert.match(xml, /verdict t&lt;1&gt;/);
  });

  it('JUnit: could not run is an error', () => {
    const xml = junitReport({
      status: 'could-not-run',
      reason: 'Prometheus down',
      run,
      slo,
      checks: [],
      hints: [],
    });
    assert.match(xml, /errors="1"/);
    assert.match(xml, /<error message="could not run">Prometheus down<\/error>/);
  });

  it('console and HTML carry the status, the failed check and the hints', () => {
    const text = consoleReport(failing);
    assert.match(text, /verdict: SLO FAILED/);
    assert.match(text, /FAIL {2}client p95 latency +910\.0 ms +< 700 ms/);
    const html = htmlReport(failing);
    assert.match(html, /<span class="status slo-failed" id="status">SLO FAILED<\/span>/);
    assert.match(html, /look &lt;here&gt;/);
    assert.doesNotMatch(
      html,
      /<script|https?:\/\/(?!x)/,
      'self-contained: no scripts, no remote resources',
    );
  });

  const unjudged: Check = {
    id: 'load-spread',
    name: 'per-pod load spread',
    outcome: 'not-judged',
    measured: null,
    expected: '<= 0.25',
    unit: 'cv',
    required: true,
    reason: 'requests seen from 1 pod while 5 were ready: scrape the pods, not the Service',
  };
  const couldNot: Verdict = {
    status: 'could-not-run',
    reason: `required checks not judged: load-spread (${unjudged.reason})`,
    run,
    slo,
    checks: [
      { ...unjudged, id: 'x', name: 'passed one', outcome: 'pass', measured: 0.1 },
      unjudged,
    ],
    hints: [],
  };

  it('"not judged" is its own state in every report, never a tick', () => {
    const text = consoleReport(couldNot);
    assert.match(text, /verdict: COULD NOT RUN/);
    assert.match(text, /NOT JUDGED {2}per-pod load spread +not measured +<= 0\.25/);
    assert.match(
      text,
      /\n {16}requests seen from 1 pod while 5 were ready: scrape the pods, not the Service/,
    );
    const html = htmlReport(couldNot);
    assert.match(
      html,
      /<tr class="not-judged" data-check="load-spread"><td class="outcome">\? NOT JUDGED<\/td>/,
    );
    assert.match(html, /<tr class="pass" data-check="x"><td class="outcome">✔ pass<\/td>/);
    assert.equal(html.match(/✔/g)?.length, 1, 'one tick: the one check that passed');
    const xml = junitReport(couldNot);
    assert.match(xml, /tests="2" failures="0" errors="1" skipped="0"/);
    assert.match(xml, /<error message="not judged: requests seen from 1 pod while 5 were ready/);
    assert.doesNotMatch(xml, /name="run"/, 'the not-judged check carries the error');
    const json = JSON.parse(JSON.stringify(couldNot)) as Verdict;
    assert.equal(json.checks[1]!.outcome, 'not-judged');
  });

  it('JUnit: an optional check not judged is skipped; a failure without a figure says why', () => {
    const xml = junitReport({
      ...couldNot,
      status: 'scaling-failed',
      checks: [
        { ...unjudged, required: false },
        { ...unjudged, id: 'scale-up', outcome: 'fail', reason: 'stayed at 1' },
      ],
    });
    assert.match(xml, /tests="2" failures="1" errors="0" skipped="1"/);
    assert.match(xml, /<skipped message="not judged: requests seen/);
    assert.match(xml, /measured none, expected &lt;= 0\.25: stayed at 1/);
    assert.match(
      consoleReport({ ...couldNot, checks: [{ ...unjudged, required: false }] }),
      /NOT JUDGED \(optional\)/,
    );
  });
});

describe('report formats', () => {
  const c = (unit: string, measured: number | null, outcome: Check['outcome'] = 'pass'): Check => ({
    id: 'x',
    name: 'x',
    outcome,
    measured,
    expected: unit === 'ratio' ? '< 0.01' : '<= 0.25',
    unit,
    required: true,
  });

  it('figures by unit; nothing measured says so', () => {
    assert.equal(formatMeasured(c('ratio', 0.01234)), '1.23%');
    assert.equal(formatMeasured(c('ms', 12.34)), '12.3 ms');
    assert.equal(formatMeasured(c('cv', 0.12345)), '0.12 cv');
    assert.equal(formatMeasured(c('cv', null, 'not-judged')), 'not measured');
    assert.equal(formatMeasured(c('s', null, 'fail')), 'none');
    assert.equal(formatExpected(c('ratio', 0)), '< 1.00%');
    assert.equal(formatExpected({ ...c('ms', 0), expected: '< 700' }), '< 700 ms');
    assert.equal(formatExpected(c('cv', 0)), '<= 0.25');
  });

  it('the outcome column and the details under a check', () => {
    assert.equal(outcomeLabel(c('cv', 1)), 'pass');
    assert.equal(outcomeLabel({ ...c('cv', 1, 'fail'), required: false }), 'FAIL (optional)');
    assert.equal(outcomeLabel(c('cv', null, 'not-judged')), 'NOT JUDGED');
    assert.deepEqual(details({ ...c('cv', 1), reason: 'r', note: 'n' }), ['r', 'n']);
    assert.deepEqual(details(c('cv', 1)), []);
  });
});
