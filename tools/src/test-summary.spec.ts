import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countJUnit } from './test-summary.ts';

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
