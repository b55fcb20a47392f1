/**
 * Adds up the JUnit files that every project's test target writes, and prints
 * one closing line: "N passed, N failed, N skipped". Exits 1 if anything failed,
 * and with --fail-on-skip (the CI machine, where every real component can run)
 * if anything was skipped: a skipped test there is a test that proved nothing.
 *
 *   node tools/src/test-summary.ts reports/junit [--fail-on-skip]
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Counts the <testcase> elements of one node:test JUnit report. */
export function countJUnit(xml: string): Counts {
  return tally(testCases(xml));
}

/**
 * The failed and skipped test cases of one report, with the first line of their message: the CI
 * record keeps only the tail of the output, so these are printed after the per-project table.
 */
export function problemCases(xml: string): string[] {
  return problems(testCases(xml));
}

function tally(cases: readonly TestCase[]): Counts {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const tc of cases) counts[tc.outcome]++;
  return counts;
}

function problems(cases: readonly TestCase[]): string[] {
  return cases
    .filter((tc) => tc.outcome !== 'passed')
    .map((tc) => `${tc.outcome}: ${tc.name}${tc.message ? ` (${tc.message})` : ''}`);
}

interface TestCase {
  readonly name: string;
  readonly outcome: keyof Counts;
  readonly message: string;
}

function testCases(xml: string): TestCase[] {
  // Each piece after a split is one test case up to the next one.
  return xml
    .split('<testcase')
    .slice(1)
    .map((tc) => {
      const body = tc.split(/<\/testcase>|<testsuite[\s>]|<\/testsuite>/)[0]!;
      const outcome = /<(failure|error)[\s>]/.test(body)
        ? 'failed'
        : /<skipped[\s>/]/.test(body)
          ? 'skipped'
          : 'passed';
      const message = /<(?:failure|error|skipped)\s[^>]*message="([^"]*)"/.exec(body)?.[1] ?? '';
      return {
        name: unescapeXml(/\sname="([^"]*)"/.exec(body)?.[1] ?? '?'),
        outcome,
        message: unescapeXml(message).split('\n')[0]!.slice(0, 200),
      };
    });
}

function unescapeXml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#10;/g, '\n')
    .replace(/&amp;/g, '&');
}

export async function summarize(
  dir: string,
): Promise<{ total: Counts; byFile: Map<string, Counts>; problems: string[] }> {
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  const byFile = new Map<string, Counts>();
  const notPassed: string[] = [];
  const files = (await readdir(dir).catch(() => [] as string[]))
    .filter((f) => f.endsWith('.xml'))
    .sort();
  for (const f of files) {
    // Parsed once: the counts and the failed or skipped cases come from the same list.
    const cases = testCases(await readFile(join(dir, f), 'utf8'));
    const c = tally(cases);
    const report = f.replace(/\.xml$/, '');
    byFile.set(report, c);
    notPassed.push(...problems(cases).map((p) => `  ${report}: ${p}`));
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
  }
  return { total, byFile, problems: notPassed };
}

export interface Outcome {
  readonly line: string;
  /** Why the run fails, if it does. */
  readonly problem?: string;
  readonly exitCode: 0 | 1;
}

/** The closing line, and whether the run passes. Skips are always reported. */
export function outcome(total: Counts, files: number, opts: { failOnSkip: boolean }): Outcome {
  const line = `${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`;
  if (files === 0) return { line, problem: 'no JUnit reports: no test ran', exitCode: 1 };
  if (total.failed > 0) return { line, problem: `${total.failed} failed`, exitCode: 1 };
  if (opts.failOnSkip && total.skipped > 0)
    return {
      line,
      problem: `${total.skipped} skipped on a machine where every real component can run: install what the skip message names (./loadlab setup), or fix the test`,
      exitCode: 1,
    };
  return { line, exitCode: 0 };
}

if (import.meta.main) {
  let args;
  try {
    args = parseArgs({
      options: { 'fail-on-skip': { type: 'boolean', default: false } },
      allowPositionals: true,
    });
  } catch (err) {
    console.error(`test-summary: ${(err as Error).message}`);
    process.exit(2);
  }
  const dir = args.positionals[0] ?? 'reports/junit';
  const { total, byFile, problems } = await summarize(dir);
  for (const [name, c] of byFile) {
    console.log(
      `  ${name.padEnd(16)} ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`,
    );
  }
  if (byFile.size === 0) console.log(`no JUnit reports in ${dir}: no test ran`);
  if (problems.length > 0) console.log(problems.join('\n'));
  const o = outcome(total, byFile.size, { failOnSkip: args.values['fail-on-skip'] });
  console.log(o.line);
  if (o.problem) console.log(`FAIL: ${o.problem}`);
  process.exit(o.exitCode);
}
