/** nx run load-tests:capacity (and ./loadlab demo --suite=capacity): capacity of one replica, and advice. */
import { abortOnSignals } from '@loadlab/process-supervisor';
import { PathOptionError } from '@loadlab/workspace';
import {
  adviceLines,
  headline,
  levelLabel,
  machineLines,
  noAdviceReason,
  podLines,
} from './capacity-report.ts';
import { parseCapacityOptions, USAGE, UsageError } from './capacity-options.ts';
import { runCapacity } from './run-capacity.ts';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
let options;
try {
  options = parseCapacityOptions(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError || err instanceof PathOptionError)) throw err;
  console.error(`capacity: could not run: ${err.message}\n\n${USAGE}`);
  process.exit(2);
}
// Ctrl-C: k6 stops (and still writes its summary), the API is stopped, the run is reported incomplete.
const { run, files, exitCode } = await runCapacity(options, abortOnSignals());
console.log(`\n${headline(run)}`);
for (const l of podLines(run)) console.log(l);
if (run.advice) {
  console.log(
    `\nadvice, sized for ${run.sizedFor}, from the capacity${run.sizedFrom ? levelLabel(run.sizedFrom) : ''}:`,
  );
  for (const l of adviceLines(run.advice)) console.log(`  ${l}`);
  for (const f of run.advice.findings) console.log(`  - ${f}`);
} else if (run.capacity !== null) console.log(`\nno advice: ${noAdviceReason(run)}`);
for (const l of run.levels ?? [])
  if (l.machine) {
    console.log(`\nmachine during the search${levelLabel(l)}:`);
    for (const m of machineLines(l.machine)) console.log(m);
  }
console.log(`\nreport:   ${files.html}\ncapacity: ${files.json}`);
if (exitCode === 2) console.log('could not run: this is not a figure; the reason is above.');
process.exit(exitCode);
