/**
 * nx run load-tests:verify --prometheus=<url> --namespace=default --deployment=crocodile-api --scaledobject=crocodile-api
 *   [--start=ISO --end=ISO | --last=30m] [--testid=ID] [--slo=FILE] [--out=DIR] [--max-scale-up=120]
 *   [--capacity=<req/s> | --capacity-file=reports/capacity/<id>/capacity.json] [--target-utilization=0.7]
 *   [--query-timeout=30] (seconds one Prometheus query may take)
 *   [--scaling-policy=default|demo] (the policy the ScaledObject runs; demo: the demo overlay's)
 *   [--after-scale-down] (first wait, bounded, until the Deployment is back at its minimum, as
 *   load-tests:<suite> --prometheus does after k6; the window then ends when the wait does; for a
 *   run whose load went elsewhere, e.g. kube.sh load --testid=ID, verified with --start=)
 * With --testid (a k6-operator TestRun's, or any run that wrote by remote write), the load is
 * judged too, from Prometheus alone: requests and errors summed over the runners, p95/p99 from
 * their summed native histograms, the SLO's thresholds re-evaluated on the whole.
 * Exit code: 0 pass, 1 scaling failed, 2 could not run.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCapacityFigure } from '@loadlab/capacity';
import {
  isoDateOption,
  optionValue,
  parseOptionValues,
  positiveNumberOption,
} from '@loadlab/input';
import { checkInputFile, checkOutputDir, WORKSPACE_ROOT } from '@loadlab/workspace';
import { SCALING_POLICIES } from '@loadlab/scaling';
import { z } from 'zod';
import { consoleReport, EXIT_CODES, loadSlo, verifyScaling, writeReports } from '@loadlab/verdict';
import { unexpected } from './unexpected.ts';
import { waitForScaleDown } from './wait-for-scale-down.ts';

const couldNotRun = (m: string): never => {
  console.error(`verify: could not run: ${m}`);
  process.exit(EXIT_CODES['could-not-run']);
};
let v;
try {
  v = parseArgs({
    options: {
      prometheus: { type: 'string' },
      namespace: { type: 'string', default: 'default' },
      deployment: { type: 'string', default: 'crocodile-api' },
      scaledobject: { type: 'string', default: 'crocodile-api' },
      start: { type: 'string' },
      end: { type: 'string' },
      last: { type: 'string', default: '30m' },
      testid: { type: 'string' },
      slo: { type: 'string' },
      out: { type: 'string' },
      'max-scale-up': { type: 'string' },
      capacity: { type: 'string' },
      'capacity-file': { type: 'string' },
      'target-utilization': { type: 'string' },
      'query-timeout': { type: 'string' },
      'scaling-policy': { type: 'string', default: 'default' },
      'after-scale-down': { type: 'boolean', default: false },
    },
  }).values;
} catch (err) {
  couldNotRun((err as Error).message);
}
if (!v!.prometheus)
  couldNotRun(
    '--prometheus=<url> is required (e.g. kubectl -n monitoring port-forward svc/prometheus 9090, then http://127.0.0.1:9090)',
  );
/** The options' values, each checked by its schema; a refused one names itself and the fix. */
const o = (() => {
  try {
    return parseOptionValues(
      z.object({
        start: isoDateOption('start').optional(),
        end: isoDateOption('end').optional(),
        last: optionValue('last', 'like 30m or 2h', (s) => {
          const m = /^(\d+)(m|h)$/.exec(s);
          return m ? Number(m[1]) * (m[2] === 'h' ? 3600_000 : 60_000) : undefined;
        }),
        'max-scale-up': positiveNumberOption('max-scale-up').optional(),
        capacity: positiveNumberOption('capacity').optional(),
        'target-utilization': positiveNumberOption('target-utilization', 1).optional(),
        'query-timeout': positiveNumberOption('query-timeout', 600).optional(),
      }),
      v!,
    );
  } catch (err) {
    return couldNotRun((err as Error).message);
  }
})();
if (v!['after-scale-down'] && o.end)
  couldNotRun(
    'give --end or --after-scale-down, not both (the wait decides where the window ends)',
  );
const maxScaleUp = o['max-scale-up'];

// Path options, checked before Prometheus is asked anything.
const paths = (() => {
  try {
    return {
      slo: v!.slo === undefined ? undefined : checkInputFile('slo', v!.slo),
      capacityFile:
        v!['capacity-file'] === undefined
          ? undefined
          : checkInputFile('capacity-file', v!['capacity-file']),
      out: v!.out === undefined ? undefined : checkOutputDir('out', v!.out),
    };
  } catch (err) {
    return couldNotRun((err as Error).message);
  }
})();
if (v!.capacity !== undefined && v!['capacity-file'] !== undefined)
  couldNotRun('give --capacity or --capacity-file, not both');
const capacity = paths.capacityFile
  ? await loadCapacityFigure(paths.capacityFile).catch((e: Error) => couldNotRun(e.message))
  : o.capacity;
const targetUtilization = o['target-utilization'];
const queryTimeout = o['query-timeout'];

// An empty --testid= would quietly turn load judging off: refuse it instead.
if (v!.testid !== undefined && !v!.testid.trim())
  couldNotRun(
    "--testid= is empty: give the run's testid (--testid=<id>), or leave --testid out to judge scaling only",
  );

if (!Object.hasOwn(SCALING_POLICIES, v!['scaling-policy']!))
  couldNotRun(
    `--scaling-policy must be one of ${Object.keys(SCALING_POLICIES).join(', ')}, got "${v!['scaling-policy']}"`,
  );
const policy = SCALING_POLICIES[v!['scaling-policy'] as keyof typeof SCALING_POLICIES];

if (v!['after-scale-down'])
  await waitForScaleDown({
    prometheusUrl: v!.prometheus!,
    namespace: v!.namespace!,
    deployment: v!.deployment!,
    policy,
  });
const end = o.end ?? new Date();
const start = o.start ?? new Date(end.getTime() - o.last);

const verdict = await verifyScaling({
  prometheusUrl: v!.prometheus!,
  namespace: v!.namespace!,
  deployment: v!.deployment!,
  scaledObject: v!.scaledobject!,
  testid: v!.testid,
  judgeLoad: v!.testid !== undefined,
  start,
  end,
  slo: await loadSlo(paths.slo).catch((e: Error) => couldNotRun(e.message)),
  limits: maxScaleUp ? { maxScaleUpSeconds: maxScaleUp } : {},
  policy,
  ...(capacity === undefined ? {} : { capacity }),
  ...(targetUtilization === undefined ? {} : { targetUtilization }),
  ...(queryTimeout === undefined ? {} : { queryTimeoutMs: queryTimeout * 1000 }),
}).catch(unexpected(couldNotRun));
const files = await writeReports(
  verdict,
  paths.out ?? join(WORKSPACE_ROOT, 'reports/verify', end.toISOString().replace(/[:.]/g, '')),
);
process.stdout.write(consoleReport(verdict));
console.log(`report: ${files.html}`);
process.exit(EXIT_CODES[verdict.status]);
