/** JUnit XML for CI: one test case per check; a could-not-run verdict is an error, never a pass. */
import type { Verdict } from '../model/verdict.ts';
import { formatExpected, formatMeasured } from './format.ts';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A required check not judged is an error (the run could not be judged); an optional one is
 * skipped with its reason. Neither is ever a passing test case.
 */
export function junitReport(v: Verdict): string {
  const cls = `loadlab.verdict.${esc(v.run.suite)}`;
  const cases = v.checks.map((c) => {
    const attrs = `name="${esc(c.name)}" classname="${cls}"`;
    if (c.outcome === 'pass') return `    <testcase ${attrs}/>`;
    if (c.outcome === 'not-judged') {
      const msg = `not judged: ${c.reason ?? 'nothing measured'}`;
      return c.required
        ? `    <testcase ${attrs}>\n      <error message="${esc(msg)}">${esc(msg)}</error>\n    </testcase>`
        : `    <testcase ${attrs}>\n      <skipped message="${esc(msg)}"/>\n    </testcase>`;
    }
    const msg = `measured ${formatMeasured(c)}, expected ${formatExpected(c)}${c.reason ? `: ${c.reason}` : ''}`;
    return `    <testcase ${attrs}>\n      <failure message="${esc(msg)}">${esc(msg)}</failure>\n    </testcase>`;
  });
  if (
    v.status === 'could-not-run' &&
    !v.checks.some((c) => c.required && c.outcome === 'not-judged')
  ) {
    cases.push(
      `    <testcase name="run" classname="${cls}">\n      <error message="could not run">${esc(v.reason ?? '')}</error>\n    </testcase>`,
    );
  }
  const count = (s: string) => cases.filter((c) => c.includes(`<${s} `)).length;
  const [failures, errors, skipped] = [count('failure'), count('error'), count('skipped')];
  const totals = `tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="loadlab" ${totals}>`,
    `  <testsuite name="verdict ${esc(v.run.testid)}" ${totals} timestamp="${v.run.start}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
