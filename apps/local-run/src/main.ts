/** ./loadlab demo: the local load test, end to end, with a verdict. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { abortOnSignals } from '@loadlab/process-supervisor';
import { EXIT_CODES, consoleReport } from '@loadlab/verdict';
import { PathOptionError } from '@loadlab/workspace';
import { parseOptions, usage, UsageError } from './options.ts';
import { runLocal } from './run-local.ts';

if (process.argv.includes('--cluster')) {
  const { clusterMain } = await import('./cluster-main.ts');
  process.exit(await clusterMain(process.argv.slice(2)));
}

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(usage());
  process.exit(0);
}

let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError || err instanceof PathOptionError)) throw err;
  console.error(`loadlab: could not run: ${err.message}\n\n${usage()}`);
  process.exit(EXIT_CODES['could-not-run']);
}

// Ctrl-C: k6 is stopped, then everything else, and the run is reported as incomplete.
const { verdict, files, wallSeconds } = await runLocal(options, abortOnSignals());
process.stdout.write(`\n${consoleReport(verdict)}`);
const dir = dirname(files.html);
const extra = ['summary.json', 'dashboard.html', 'api.log', 'api.cpuprofile'].filter((f) =>
  existsSync(join(dir, f)),
);
console.log(`\nreport:   ${files.html}\nverdict:  ${files.json}\njunit:    ${files.junit}`);
// The k6 summary, k6's own HTML dashboard, the API's log and (with --cpu-profile) its CPU profile.
if (extra.length) console.log(`also in ${dir}: ${extra.join(', ')}`);
console.log(`wall time ${wallSeconds.toFixed(1)} s`);
if (verdict.status === 'could-not-run')
  console.log('could not run: this is not a pass; the reason is above.');
process.exit(EXIT_CODES[verdict.status]);
