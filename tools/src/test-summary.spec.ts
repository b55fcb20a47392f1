import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countJUnit, outcome, problemCases } from './test-summary.ts';

const report = `<?xml version="1.0" encoding="utf-8"?>
<testsuites>
  <testsuite name="s" tests="4">
    <testcase name="ok" time="0.1" classname="s"/>
    <testcase name="broken" time="0.1" classname="s">
      <failure type="testCodeFailure" message="boom">AssertionError</failure>
    </testcase>
    <testcase name="later" time="0" classname="s">
      <skipped type="skipped" message="no engine here"/>
    </testcase>
    <testcase name="ok too" time="0.1" classname="s"/>
  </testsuite>
  <testcase name="file crashed" time="0.1" classname="test"><failure message="exit 1"/></testcase>
</testsuites>`;

describe('countJUnit', () => {
  it('counts passed, failed and skipped test cases', () => {
    assert.deepEqual(countJUnit(report), { passed: 2, failed: 2, skipped: 1 });
  });

  it('counts nothing in an empty report', () => {
    assert.deepEqual(countJUnit('<testsuites></testsuites>'), { passed: 0, failed: 0, skipped: 0 });
  });
});

describe('problemCases', () => {
  it('names each failed and skipped case with the first line of its message', () => {
    assert.deepEqual(problemCases(report), [
      'failed: broken (boom)',
      'skipped: later (no engine here)',
      'failed: file crashed (exit 1)',
    ]);
    const escaped = `<testcase name="a &quot;b&quot; &amp; c"><failure message="x &lt; 1&#10;stack"/></testcase>`;
    assert.deepEqual(problemCases(escaped), ['failed: a "b" & c (x < 1)']);
  });
});

describe('outcome', () => {
  const counts = (passed: number, failed: number, skipped: number) => ({ passed, failed, skipped });

  it('passes when nothing failed; skips are reported in the closing line', () => {
    assert.deepEqual(outcome(counts(5, 0, 2), 3, { failOnSkip: false }), {
      line: '5 passed, 0 failed, 2 skipped',
      exitCode: 0,
    });
  });

  it('on the CI machine (--fail-on-skip) a skipped test fails the run, and the line still says so', () => {
    const o = outcome(counts(5, 0, 2), 3, { failOnSkip: true });
    assert.equal(o.exitCode, 1);
    assert.equal(o.line, '5 passed, 0 failed, 2 skipped');
    assert.match(o.problem!, /^2 skipped on a machine where every real component can run/);
    assert.equal(outcome(counts(5, 0, 0), 3, { failOnSkip: true }).exitCode, 0);
  });

  it('fails on a failure, and when no report exists at all', () => {
    assert.deepEqual(outcome(counts(5, 1, 0), 3, { failOnSkip: false }), {
      line: '5 passed, 1 failed, 0 skipped',
      problem: '1 failed',
      exitCode: 1,
    });
    assert.equal(outcome(counts(0, 0, 0), 0, { failOnSkip: false }).exitCode, 1);
    assert.match(outcome(counts(0, 0, 0), 0, { failOnSkip: false }).problem!, /no test ran/);
  });
});
