/**
 * Adds up the JUnit files that every project's test target writes, and prints
 * one closing line: "N passed, N failed, N skipped". Exits 1 if anything failed.
 *
 *   node tools/src/test-summary.ts reports/junit
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Counts the <testcase> elements of one node:test JUnit report. */
export function countJUnit(xml: string): Counts {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  // Each piece after a split is one test case up to the next one.
  for (const tc of xml.split('<testcase').slice(1)) {
    const body = tc.split(/<\/testcase>|<testsuite[\s>]|<\/testsuite>/)[0]!;
    if (/<(failure|error)[\s>]/.test(body)) counts.failed++;
    else if (/<skipped[\s>/]/.test(body)) counts.skipped++;
    else counts.passed++;
  }
  return counts;
}

export async function summarize(
  dir: string,
): Promise<{ total: Counts; byFile: Map<string, Counts> }> {
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  const byFile = new Map<string, Counts>();
  const files = (await readdir(dir).catch(() => [] as string[]))
    .filter((f) => f.endsWith('.xml'))
    .sort();
  for (const f of files) {
    const c = countJUnit(await readFile(join(dir, f), 'utf8'));
    byFile.set(f.replace(/\.xml$/, ''), c);
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
  }
  return { total, byFile };
}

if (import.meta.main) {
  const dir = process.argv[2] ?? 'reports/junit';
  const { total, byFile } = await summarize(dir);
  for (const [name, c] of byFile) {
    console.log(
      `  ${name.padEnd(16)} ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`,
    );
  }
  if (byFile.size === 0) console.log(`no JUnit reports in ${dir}: no test ran`);
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(total.failed > 0 || byFile.size === 0 ? 1 : 0);
}
