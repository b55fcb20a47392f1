/**
 * What `nx run load-tests:ramp|scale-out` runs: the suite, then, when
 * --prometheus=<url> is given, the scaling verifier over the run's window once
 * the scale-down window has passed, or earlier, once Prometheus shows the Deployment back at its
 * minimum for three query steps (kube-state-metrics).
 *   node apps/verdict-cli/src/run-then-verify.ts <suite> [k6-runner options] [--prometheus=URL --namespace=... --deployment=... --scaledobject=...]
 *     [--scaling-policy=default|demo]   the policy the ScaledObject runs (demo: the k8s-manifests demo overlay's)
 */
import { join } from 'node:path';
import { newTestid } from '@loadlab/k6-runner';
import { abortOnSignals, startProcess } from '@loadlab/process-supervisor';
import { WORKSPACE_ROOT } from '@loadlab/workspace';
import { SCALING_POLICIES } from '@loadlab/scaling';
import { consoleReport, EXIT_CODES, loadSlo, verifyScaling, writeReports } from '@loadlab/verdict';
import { unexpected } from './unexpected.ts';
import { splitVerifyArgs } from './verify-args.ts';
import { waitForScaleDown } from './wait-for-scale-down.ts';

const { verify: verifyArgs, k6Args } = (() => {
  try {
    return splitVerifyArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`verify: could not run: ${(err as Error).message}`);
    return process.exit(EXIT_CODES['could-not-run']);
  }
})();
if (verifyArgs.prometheus)
  k6Args.push(`--prometheus-rw=${verifyArgs.prometheus.replace(/\/+$/, '')}/api/v1/write`);
const SCALING_POLICY = SCALING_POLICIES[verifyArgs['scaling-policy']];
// The run's testid: the one given, or a new one; the reports go under it (reports/verify/<testid>).
const testid = verifyArgs.testid || newTestid(k6Args[0] ?? 'run');
if (!verifyArgs.testid) k6Args.push(`--testid=${testid}`);

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

const namespace = verifyArgs.namespace;
const deployment = verifyArgs.deployment ?? SCALING_POLICY.target;
await waitForScaleDown({
  prometheusUrl: verifyArgs.prometheus,
  namespace,
  deployment,
  policy: SCALING_POLICY,
  signal: interrupted,
}).catch(() => {
  console.error('verify: could not run: stopped while waiting for the scale-down');
  process.exit(EXIT_CODES['could-not-run']);
});
const end = new Date();
const verdict = await verifyScaling({
  prometheusUrl: verifyArgs.prometheus,
  namespace,
  deployment,
  scaledObject: verifyArgs.scaledobject ?? SCALING_POLICY.target,
  testid,
  start,
  end,
  slo: await loadSlo(),
  // The SLO too, from Prometheus by testid: the same figures whether k6 ran here or as runners.
  judgeLoad: true,
  policy: SCALING_POLICY,
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
