/** Command-line options of the local run, validated: a bad one is a "could not run" with its name. */
import { parseArgs } from 'node:util';
import { MAX_PARALLELISM, readSuiteCatalog, type SuiteRunOptions } from '@loadlab/k6-runner';
import {
  delayRangeOption,
  keyValueOption,
  oneOfOption,
  parseOptionValues,
  portOption,
  retiredOption,
  wholeNumberOption,
} from '@loadlab/input';
import { checkInputFile, checkOutputDir, K6_BUNDLE_DIR } from '@loadlab/workspace';
import { z } from 'zod';

export class UsageError extends Error {}

/** The one list of suites and profiles (apps/load-tests/suites.json), as the load-tests build carries it. */
function catalog(): { suites: string[]; profiles: string[]; described: string[] } {
  try {
    const c = readSuiteCatalog(K6_BUNDLE_DIR);
    return {
      suites: Object.keys(c.suites),
      profiles: Object.keys(c.profiles),
      described: Object.entries(c.profiles).map(([n, p]) => `${n} (${p.description})`),
    };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export interface LocalRunOptions {
  readonly suite: string;
  readonly loadProfile: NonNullable<SuiteRunOptions['profile']>;
  readonly apiPort?: number;
  readonly prometheusPort?: number;
  readonly influxdb: boolean;
  readonly influxdbPort?: number;
  /** [min, max] delay on /crocodiles, ms; the tutorial's 30-250 by default. */
  readonly apiDelay: readonly [number, number];
  readonly sloFile?: string;
  readonly outDir?: string;
  /** Run the API under --cpu-prof and report its top functions. */
  readonly cpuProfile: boolean;
  /** Extra k6 -e variables. */
  readonly k6Env: Readonly<Record<string, string>>;
  /** k6 processes that split the load (execution segments); above 1, judged from Prometheus alone. */
  readonly parallelism: number;
}

export function usage(): string {
  let suites = '(run npx nx run load-tests:build to list them)';
  let profiles = suites;
  try {
    const c = catalog();
    suites = c.suites.join(' | ');
    profiles = c.described.join(' | ');
  } catch {
    // The usage still prints; the catalog comes with the build.
  }
  return `usage: ./loadlab demo [options]
  --suite=NAME          ${suites} (default ramp)
  --load-profile=NAME   ${profiles} (default demo)
  --cpu-profile         run the API with --cpu-prof; the report lists the top functions
  --api-port=N --prometheus-port=N --influxdb-port=N   fixed ports (default: free ones)
  --influxdb            also send k6 results to a local InfluxDB (the tutorial's output)
  --parallelism=N       N k6 processes split the load with execution segments, as the
                        k6-operator's runners do; judged from Prometheus alone (default 1)
  --api-delay=MIN-MAX   delay on /crocodiles in ms (default 30-250, as in the tutorial)
  --slo=FILE            SLOs (default libs/verdict/slo.json)
  --out=DIR             where the reports go (default reports/runs/<testid>)
  -e KEY=VALUE          extra k6 variable, e.g. -e RATE=300
exit code: 0 pass, 1 SLO failed, 2 could not run`;
}

export function parseOptions(argv: readonly string[]): LocalRunOptions {
  const retired = retiredOption(argv);
  if (retired) throw new UsageError(retired);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        suite: { type: 'string', default: 'ramp' },
        'load-profile': { type: 'string', default: 'demo' },
        'cpu-profile': { type: 'boolean', default: false },
        'api-port': { type: 'string' },
        'prometheus-port': { type: 'string' },
        influxdb: { type: 'boolean', default: false },
        'influxdb-port': { type: 'string' },
        'api-delay': { type: 'string', default: '30-250' },
        parallelism: { type: 'string', default: '1' },
        slo: { type: 'string' },
        out: { type: 'string' },
        env: { type: 'string', short: 'e', multiple: true, default: [] },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  const { suites, profiles } = catalog();
  const o = (() => {
    try {
      return parseOptionValues(
        z.object({
          suite: oneOfOption('suite', suites),
          'load-profile': oneOfOption(
            'load-profile',
            profiles as NonNullable<SuiteRunOptions['profile']>[],
          ),
          'api-port': portOption('api-port').optional(),
          'prometheus-port': portOption('prometheus-port').optional(),
          'influxdb-port': portOption('influxdb-port').optional(),
          'api-delay': delayRangeOption('api-delay'),
          parallelism: wholeNumberOption('parallelism', 1, MAX_PARALLELISM),
          env: keyValueOption,
        }),
        v,
      );
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  })();
  return {
    suite: o.suite,
    loadProfile: o['load-profile'],
    apiPort: o['api-port'],
    prometheusPort: o['prometheus-port'],
    influxdb: v.influxdb || o['influxdb-port'] !== undefined,
    influxdbPort: o['influxdb-port'],
    apiDelay: o['api-delay'],
    sloFile: v.slo === undefined ? undefined : checkInputFile('slo', v.slo),
    outDir: v.out === undefined ? undefined : checkOutputDir('out', v.out),
    cpuProfile: v['cpu-profile'],
    k6Env: o.env,
    parallelism: o.parallelism,
  };
}
