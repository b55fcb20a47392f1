/**
 * What `nx run load-tests:ramp|scale-out` runs: the suite, then, when
 * --prometheus=<url> is given, the scaling verifier over the run's window once
 * the scale-down window has passed.
 *   node apps/verdict-cli/src/run-then-verify.ts <suite> [k6-runner options] [--prometheus=URL --namespace=... --deployment=... --scaledobject=...]
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { newTestid } from '@loadlab/k6-runner';
import { abortOnSignals, startProcess } from '@loadlab/process-supervisor';
import { WORKSPACE_ROOT } from '@loadlab/workspace';
import { SCALING_POLICY } from '@loadlab/scaling';
import {
  consoleReport,
  DEFAULT_LIMITS,
  EXIT_CODES,
  loadSlo,
  verifyScaling,
  writeReports,
} from '@loadlab/verdict';
import { unexpected } from './unexpected.ts';

const VERIFY_OPTIONS = ['prometheus', 'namespace', 'deployment', 'scaledobject'];
const verifyArgs: Record<string, string> = {};
const k6Args: string[] = [];
for (const a of process.argv.slice(2)) {
  const m = /^--([a-z]+)=(.*)$/.exec(a);
  if (m && VERIFY_OPTIONS.includes(m[1]!)) verifyArgs[m[1]!] = m[2]!;
  else k6Args.push(a);
}
if (verifyArgs.prometheus)
  k6Args.push(`--prometheus-rw=${verifyArgs.prometheus.replace(/\/+$/, '')}/api/v1/write`);
// The run's testid ties k6's metrics, the verdict and the report folder together.
const given = k6Args.find((a) => a.startsWith('--testid='))?.slice('--testid='.length);
const testid = given ?? newTestid(k6Args[0] ?? 'run');
if (!given) k6Args.push(`--testid=${testid}`);

// SIGINT/SIGTERM: the k6 run is stopped (it still writes its summary), the wait is cut short,
// and the run is not verified.
const interrupted = abortOnSignals();
const start = new Date();
const k6 = startProcess(
  process.execPath,
  [join(WORKSPACE_ROOT, 'apps/k6-cli/src/main.ts'), ...k6Args],
  {
    name: 'load-tests',
    onOutput: (s) => process.stdout.write(s),
  },
);
interrupted.addEventListener('abort', () => void k6.stop('SIGTERM', 4_000), { once: true });
const exited = await k6.exited;
const k6Exit = typeof exited === 'number' && exited >= 0 ? exited : EXIT_CODES['could-not-run'];
// Stopped, the run is not a pass even if k6 got to write a passing summary.
if (interrupted.aborted) process.exit(k6Exit || EXIT_CODES['could-not-run']);
// The load could not run (a bad option, no target): there is nothing to verify.
if (!verifyArgs.prometheus || k6Exit === EXIT_CODES['could-not-run']) process.exit(k6Exit);

const waitS =
  SCALING_POLICY.behavior.scaleDown.stabilizationWindowSeconds +
  DEFAULT_LIMITS.scaleDownMarginSeconds;
console.log(
  `\nwaiting ${waitS} s for the scale-down (stabilization window + margin), then verifying autoscaling...`,
);
await sleep(waitS * 1000, undefined, { signal: interrupted }).catch(() => {
  console.error('verify: could not run: stopped while waiting for the scale-down');
  process.exit(EXIT_CODES['could-not-run']);
});
const end = new Date();
const verdict = await verifyScaling({
  prometheusUrl: verifyArgs.prometheus,
  namespace: verifyArgs.namespace ?? 'default',
  deployment: verifyArgs.deployment ?? SCALING_POLICY.target,
  scaledObject: verifyArgs.scaledobject ?? SCALING_POLICY.target,
  testid,
  start,
  end,
  slo: await loadSlo(),
}).catch(
  unexpected((m) => {
    console.error(`verify: could not run: ${m}`);
    process.exit(EXIT_CODES['could-not-run']);
  }),
);
const files = await writeReports(verdict, join(WORKSPACE_ROOT, 'reports/verify', testid));
process.stdout.write(consoleReport(verdict));
console.log(`report: ${files.html}`);
process.exit(Math.max(k6Exit === 0 ? 0 : 1, EXIT_CODES[verdict.status]));
