/**
 * Runs a k6 suite: what `nx run load-tests:<suite>` calls. Suites and profiles come from
 * the built catalog (apps/load-tests/suites.json, copied next to the bundles).
 *
 *   node apps/k6-cli/src/main.ts <suite> (--endpoint=URL | --base-url=URL) [options]
 *
 *   --endpoint=URL        the list URL, as in the tutorial: http://<ip>:4000/crocodiles
 *   --base-url=URL        the API root: http://127.0.0.1:4000
 *   --load-profile=NAME   a profile of the catalog (full, demo, ci); demo and ci compress
 *                         time and VUs (same shape); default full
 *   --time-scale=N --vu-scale=N   explicit compression
 *   --testid=ID           default <suite>-<timestamp>
 *   --out-dir=DIR         default reports/k6/<testid>
 *   --prometheus-rw=URL   k6 remote write, e.g. http://127.0.0.1:9090/api/v1/write
 *   --influxdb=URL        InfluxDB v1, e.g. http://127.0.0.1:8086/k6
 *   --dashboard           export k6's HTML dashboard into the out dir
 *   --parallelism=N       N k6 processes, split with execution segments as k6-operator
 *                         runners are; needs --prometheus-rw, and the run is judged from
 *                         Prometheus (counts summed, percentiles from summed histograms)
 *   -e KEY=VALUE          extra variables: P95_MS, P99_MS, MAX_ERROR_RATE, RATE, ...
 *
 * Exit code: k6's own (0 pass, 99 thresholds failed), or 2 when it could not run.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { abortOnSignals } from '@loadlab/process-supervisor';
import {
  keyValueOption,
  oneOf,
  oneOfOption,
  optionValue,
  parseOptionValues,
  retiredOption,
  numberOption,
  wholeNumberOption,
} from '@loadlab/input';
import { checkOutputDir, PathOptionError, WORKSPACE_ROOT, WORKSPACE_K6 } from '@loadlab/workspace';
import { z } from 'zod';
import { COULD_NOT_RUN, runAndJudge } from './distributed.ts';
import {
  MAX_PARALLELISM,
  newTestid,
  readSuiteCatalog,
  runSuite,
  targetDownReason,
  thresholdResults,
  type SuiteRunOptions,
} from '@loadlab/k6-runner';

function fail(message: string): never {
  console.error(`load-tests: ${message}`);
  process.exit(COULD_NOT_RUN);
}

const retired = retiredOption(process.argv.slice(2));
if (retired) fail(retired);
const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        endpoint: { type: 'string' },
        'base-url': { type: 'string' },
        'load-profile': { type: 'string' },
        'time-scale': { type: 'string' },
        'vu-scale': { type: 'string' },
        testid: { type: 'string' },
        'out-dir': { type: 'string' },
        'prometheus-rw': { type: 'string' },
        influxdb: { type: 'string' },
        dashboard: { type: 'boolean' },
        parallelism: { type: 'string' },
        env: { type: 'string', short: 'e', multiple: true },
      },
    });
  } catch (e) {
    return fail((e as Error).message);
  }
})();

const catalog = (() => {
  try {
    return readSuiteCatalog(WORKSPACE_K6.bundleDir);
  } catch (e) {
    return fail((e as Error).message);
  }
})();
const suites = Object.keys(catalog.suites);
const [suite] = positionals;
if (!suite) fail(`name a suite: ${oneOf(suites)}`);
if (!suites.includes(suite)) fail(`no suite "${suite}": name one of ${oneOf(suites)}`);

/** The options' values, each checked by its schema; a refused one names itself and the fix. */
const OptionsSchema = z.object({
  'load-profile': oneOfOption(
    'load-profile',
    Object.keys(catalog.profiles) as NonNullable<SuiteRunOptions['profile']>[],
  ).optional(),
  'time-scale': numberOption(
    'time-scale',
    catalog.scaleFactor.min,
    catalog.scaleFactor.max,
  ).optional(),
  'vu-scale': numberOption('vu-scale', catalog.scaleFactor.min, catalog.scaleFactor.max).optional(),
  // The testid names a folder (reports/k6/<testid>) and a Prometheus label: a plain name only.
  testid: optionValue(
    'testid',
    "1-100 letters, digits, '.', '_' or '-', starting with a letter or digit",
    (s) => (/^[A-Za-z0-9][\w.-]{0,99}$/.test(s) ? s : undefined),
  ).optional(),
  parallelism: wholeNumberOption('parallelism', 1, MAX_PARALLELISM).optional(),
  env: keyValueOption.default({}),
});
const options = (() => {
  try {
    return parseOptionValues(OptionsSchema, {
      ...values,
      'load-profile': values['load-profile'] ?? process.env.PROFILE,
    });
  } catch (e) {
    return fail((e as Error).message);
  }
})();
const env = options.env;
const testid = options.testid ?? newTestid(suite);
const outDirOption = values['out-dir'] ?? join(WORKSPACE_ROOT, 'reports/k6', testid);
const common = {
  ...WORKSPACE_K6,
  suite,
  endpoint: values.endpoint ?? process.env.ENDPOINT,
  baseUrl: values['base-url'] ?? process.env.BASE_URL,
  profile: options['load-profile'],
  timeScale: options['time-scale'],
  vuScale: options['vu-scale'],
  testid,
  outDir: outDirOption,
  // Ctrl-C or SIGTERM: k6 stops and still writes its summary.
  signal: abortOnSignals(),
  prometheusRw: values['prometheus-rw'],
  influxdb: values.influxdb,
  env,
  onOutput: (s: string) => process.stdout.write(s),
};
/** The out dir, checked once every other option has passed: a refusal leaves nothing behind. */
const checkedOutDir = () => {
  try {
    return checkOutputDir('out-dir', outDirOption);
  } catch (e) {
    if (!(e instanceof PathOptionError)) throw e;
    return fail(e.message);
  }
};
if (options.parallelism !== undefined) {
  const n = options.parallelism;
  if (!common.prometheusRw)
    fail(
      "--parallelism needs --prometheus-rw=URL: the generators' results meet only in Prometheus",
    );
  if (values.dashboard) fail('--dashboard shows one k6 process; with --parallelism, use Grafana');
  process.exit(
    await runAndJudge(
      { ...common, outDir: checkedOutDir(), prometheusRw: common.prometheusRw!, parallelism: n },
      (l) => console.log(l),
    ),
  );
}
const result = await runSuite({ ...common, outDir: checkedOutDir(), dashboard: values.dashboard });

if (result.status === 'could-not-run') fail(`could not run ${suite}: ${result.reason}`);
const down = targetDownReason(result.summary!);
if (down) fail(`could not run ${suite}: ${down}`);
for (const e of result.outputErrors) console.log(`output problem: ${e}`);
const failed = thresholdResults(result.summary!).filter((t) => !t.ok);
console.log(
  `\n${suite} ${result.status === 'passed' ? 'PASSED' : 'FAILED'} (testid ${result.testid})`,
);
for (const t of failed) console.log(`  failed threshold: ${t.metric} ${t.expression}`);
console.log(`  summary:   ${result.summaryPath}`);
if (result.dashboardPath) console.log(`  dashboard: ${result.dashboardPath}`);
process.exit(result.exitCode ?? COULD_NOT_RUN);
