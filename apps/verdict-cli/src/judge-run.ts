/**
 * Judges a finished k6 run against a Prometheus that scraped the API and
 * received k6's remote write (e.g. after nx run load-tests:ramp --prometheus-rw=...).
 *
 *   node apps/verdict-cli/src/judge-run.ts --summary=reports/k6/<testid>/summary.json --prometheus=http://127.0.0.1:9090
 *       [--start=ISO --end=ISO] [--slo=FILE] [--out=DIR] [--target=URL]
 *
 * The window defaults to the summary's run duration, ending when the summary was written.
 * Exit code: 0 pass, 1 SLO failed, 2 could not run.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { isoDateOption, parseOptionValues } from '@loadlab/input';
import { z } from 'zod';
import { parseSummary, type SuiteRunResult } from '@loadlab/k6-runner';
import { consoleReport, evaluate, EXIT_CODES, loadSlo, writeReports } from '@loadlab/verdict';
import { checkInputFile, checkOutputDir } from '@loadlab/workspace';
import { unexpected } from './unexpected.ts';

function couldNotRun(message: string): never {
  console.error(`verdict: could not run: ${message}`);
  process.exit(EXIT_CODES['could-not-run']);
}

const options = {
  summary: { type: 'string' },
  prometheus: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  slo: { type: 'string' },
  out: { type: 'string' },
  target: { type: 'string' },
} as const;
let parsed;
try {
  parsed = parseArgs({ options });
} catch (err) {
  couldNotRun((err as Error).message);
}
const v = parsed.values;
if (!v.summary || !v.prometheus) couldNotRun('--summary and --prometheus are required');
// Path options, checked before Prometheus is asked anything.
const paths = (() => {
  try {
    return {
      summary: checkInputFile('summary', v.summary),
      slo: v.slo === undefined ? undefined : checkInputFile('slo', v.slo),
      out: v.out === undefined ? undefined : checkOutputDir('out', v.out),
    };
  } catch (err) {
    return couldNotRun((err as Error).message);
  }
})();

const text = await readFile(paths.summary, 'utf8').catch((e: Error) =>
  couldNotRun(`cannot read --summary ${v.summary}: ${e.message}`),
);
let summary;
try {
  summary = parseSummary(text, paths.summary);
} catch (err) {
  couldNotRun((err as Error).message);
}
const dates = (() => {
  try {
    return parseOptionValues(
      z.object({ start: isoDateOption('start').optional(), end: isoDateOption('end').optional() }),
      v,
    );
  } catch (err) {
    return couldNotRun((err as Error).message);
  }
})();
const written = (await stat(paths.summary)).mtime;
const end = dates.end ?? written;
const start = dates.start ?? new Date(end.getTime() - (summary.state?.testRunDurationMs ?? 0));
const thresholdsOk = Object.values(summary.metrics).every((m) =>
  Object.values(m.thresholds ?? {}).every((t) => t.ok),
);
const run: SuiteRunResult = {
  suite: summary.suite,
  testid: summary.testid,
  status: thresholdsOk ? 'passed' : 'thresholds-failed',
  exitCode: thresholdsOk ? 0 : 99,
  summary,
  summaryPath: paths.summary,
  outputErrors: [],
  output: '',
  startedAt: start,
  endedAt: end,
};
const slo = await loadSlo(paths.slo).catch((e: Error) => couldNotRun(e.message));
const verdict = await evaluate({
  run,
  prometheusUrl: v.prometheus,
  slo,
  target: v.target ?? 'the k6 target',
}).catch(unexpected(couldNotRun));
const files = await writeReports(verdict, paths.out ?? dirname(paths.summary));
process.stdout.write(consoleReport(verdict));
console.log(`report: ${files.html}`);
process.exit(EXIT_CODES[verdict.status]);
