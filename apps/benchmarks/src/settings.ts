/** How long each measurement runs: the full bench, or the smoke mode CI uses to keep it working. */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkOutputDir, checkOutputFile, WORKSPACE_ROOT } from '@loadlab/workspace';

export interface BenchSettings {
  readonly mode: 'full' | 'smoke';
  /** Unrecorded wrk run per contender and endpoint, for the JIT and the caches. */
  readonly warmupS: number;
  /** One wrk run of a round. */
  readonly durationS: number;
  readonly rounds: number;
  /** The POST burst. */
  readonly burstS: number;
  /** wrk -c1 against /metrics. */
  readonly scrapeS: number;
  /** Series to reach on the /metrics fixture. */
  readonly seriesTarget: number;
  /** Time `./loadlab demo` (needs k6 and Prometheus; minutes, so off in smoke mode). */
  readonly demo: boolean;
  /** CPU profiles of the contenders that miss a target. */
  readonly profiles: boolean;
  readonly out: string;
  /** The raw figures (results.json) and the CPU profiles, for a closer look. */
  readonly keepDir: string;
}

export const FULL = {
  mode: 'full',
  warmupS: 3,
  durationS: 4,
  rounds: 7,
  burstS: 60,
  scrapeS: 5,
  seriesTarget: 1000,
  demo: true,
  profiles: true,
} as const;

// About a second per contender: enough to prove every path works, not to judge.
export const SMOKE = {
  mode: 'smoke',
  warmupS: 0,
  durationS: 1,
  rounds: 1,
  burstS: 3,
  scrapeS: 1,
  seriesTarget: 1000,
  demo: false,
  profiles: true,
} as const;

export const USAGE = `usage: nx run benchmarks:bench [-- options]
  --smoke           about a second per contender (what CI runs); timing targets are not judged
  --out-file=FILE   where the report goes (default docs/benchmarks.md; --out is a folder in the other CLIs)
  --keep-dir=DIR    where the raw figures (results.json) and CPU profiles go (default reports/benchmarks)
  --no-demo         skip timing ./loadlab demo (skipped in smoke mode unless --demo)
  --no-profiles     skip the CPU profiles of contenders that miss a target
exit code 0 whether or not the targets are met (a bench, not a gate); 1 if it could not run, 2 on a bad option`;

export function parseSettings(argv: readonly string[]): BenchSettings {
  const { values } = parseArgs({
    args: [...argv],
    allowNegative: true,
    options: {
      smoke: { type: 'boolean', default: false },
      'out-file': { type: 'string', default: join(WORKSPACE_ROOT, 'docs/benchmarks.md') },
      'keep-dir': { type: 'string', default: join(WORKSPACE_ROOT, 'reports/benchmarks') },
      profiles: { type: 'boolean' },
      demo: { type: 'boolean' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const base = values.smoke ? SMOKE : FULL;
  return {
    ...base,
    demo: values.demo ?? base.demo,
    profiles: values.profiles ?? base.profiles,
    out: checkOutputFile('out-file', values['out-file']),
    keepDir: checkOutputDir('keep-dir', values['keep-dir']),
  };
}
