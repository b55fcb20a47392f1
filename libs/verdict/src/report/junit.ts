/** JUnit XML for CI: one test case per check; a could-not-run verdict is an error, never a pass. */
import type { Verdict } from '../judge.ts';
import { formatExpected, formatMeasured } from './format.ts';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function junitReport(v: Verdict): string {
  const cases = v.checks.map((c) => {
    const attrs = `name="${esc(c.name)}" classname="loadlab.verdict.${esc(v.run.suite)}"`;
    if (c.ok) return `    <testcase ${attrs}/>`;
    const msg = `measured ${formatMeasured(c)}, expected ${formatExpected(c)}`;
    return `    <testcase ${attrs}>\n      <failure message="${esc(msg)}">${esc(msg)}</failure>\n    </testcase>`;
  });
  if (v.status === 'could-not-run') {
    cases.push(
      `    <testcase name="run" classname="loadlab.verdict.${esc(v.run.suite)}">\n      <error message="could not run">${esc(v.reason ?? '')}</error>\n    </testcase>`,
    );
  }
  const failures = v.checks.filter((c) => !c.ok).length;
  const errors = v.status === 'could-not-run' ? 1 : 0;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="loadlab" tests="${cases.length}" failures="${failures}" errors="${errors}">`,
    `  <testsuite name="verdict ${esc(v.run.testid)}" tests="${cases.length}" failures="${failures}" errors="${errors}" timestamp="${v.run.start}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
