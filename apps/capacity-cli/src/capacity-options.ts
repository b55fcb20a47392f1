/** Options of `nx run load-tests:capacity`, validated: a bad one is "could not run" with its name. */
import { parseArgs } from 'node:util';
import {
  delayRangeOption,
  numberOption,
  oneOfOption,
  optionValue,
  parseOptionValues,
  wholeNumberOption,
} from '@loadlab/input';
import { checkInputFile, checkOutputDir } from '@loadlab/workspace';
import { z } from 'zod';
import { OVERLAYS, type Overlay } from './pod-manifest.ts';

export const LOAD_PROFILES = { full: 30, demo: 10, ci: 5 } as const;
type LoadProfile = keyof typeof LOAD_PROFILES;

/** The pod's CPU levels a search runs at: what it is guaranteed (request) and its ceiling (limit). */
export const CPU_LEVELS = ['request', 'limit'] as const;
export type CpuLevel = (typeof CPU_LEVELS)[number];

export interface CapacityOptions {
  /** Measure this replica; without it a local crocodile-api is started (and stopped). */
  readonly baseUrl?: string;
  /** Skip the measurement: advise from this capacity (req/s). */
  readonly capacity?: number;
  readonly plateauSeconds: number;
  readonly startRate: number;
  readonly maxRate: number;
  readonly maxRounds: number;
  readonly sloFile?: string;
  /** The load to size for: a stated peak, or a suite's profile (default ramp). */
  readonly peakRps?: number;
  readonly forSuite: string;
  readonly targetUtilization: number;
  readonly podReadySeconds: number;
  readonly apiDelay: readonly [number, number];
  readonly outDir?: string;
  /** The rendered manifest whose Deployment's resources the local API runs under. */
  readonly overlay: Overlay;
  readonly manifest?: string;
  /** Which of the pod's CPU levels to search, and which one the advice sizes from. */
  readonly cpuLevels: readonly CpuLevel[];
  readonly sizeFrom: CpuLevel;
  /** Run the local API without the pod's limits (no cgroup): marked UNCONSTRAINED everywhere. */
  readonly unconstrained: boolean;
}

export class UsageError extends Error {}

export const USAGE = `usage: nx run load-tests:capacity -- [options]   (or ./loadlab demo --suite=capacity [options])
  --base-url=URL          the one replica to measure (default: start a local crocodile-api)
  --load-profile=NAME     plateau length: demo 10 s | ci 5 s | full 30 s (default demo)
  --plateau-seconds=N     explicit plateau length
  --start-rate=N --max-rate=N   the first ladder's range in req/s (default 10, 10000)
  --max-rounds=N          k6 runs at most (default 16)
  --slo=FILE              SLOs (default libs/verdict/slo.json): p95 and error rate are judged
  --capacity=N            skip the measurement, advise from N req/s per replica
  --peak-rps=N            size for this peak (a one-minute ramp to it, then held)
  --for-suite=NAME        size for this suite's full-length profile (default ramp)
  --target-utilization=F  share of capacity per replica in steady state (default 0.7)
  --pod-ready-seconds=N   from scale-up decision to a ready pod, in the replay (default 10)
  --api-delay=MIN-MAX     the local crocodile-api's delay on /crocodiles in ms (default 30-250)
  --out=DIR               where capacity.json and report.html go (default reports/capacity/<id>)
  --overlay=NAME          the local API runs under this overlay's crocodile-api CPU and memory
                          (kubectl kustomize libs/k8s-manifests/overlays/NAME): minikube | aks (default minikube)
  --manifest=FILE         ... or under the Deployment in this rendered manifest (YAML or kubectl JSON)
  --cpu-levels=LIST       search at the pod's CPU request, its limit, or both (default request,limit)
  --size-from=LEVEL       the figure the advice sizes from: request (default: what a pod is guaranteed) | limit
  --unconstrained         no cgroup: one unconstrained process (needs no root); marked UNCONSTRAINED
The local API runs in a cgroup (v2 cpu.max/memory.max, or v1 CFS quota/memory limit) with the
Deployment's settings: root and a cgroup filesystem are needed, else exit 2 (or --unconstrained).
exit code: 0 a stable capacity and advice, 1 no stable capacity (not judged, generator-bound, or a noisy machine), 2 could not run`;

// One replica's knee sits far below what one k6 process drives (docs/benchmarks.md, section 6),
// and each plateau is read from that process's summary.
const ONE_K6 =
  '1: the capacity search runs one k6 process; it measures one replica, far below what one k6 drives, and reads each plateau from its summary';

/** The options' values, parsed: each bad one is named, with its value and the fix, all at once. */
const VALUES = z.object({
  'base-url': optionValue('base-url', 'an http(s) URL', (s) =>
    /^https?:\/\/[^/\s]+/.test(s) ? s : undefined,
  ).optional(),
  // ./loadlab demo passes --suite and --parallelism through.
  suite: optionValue('suite', 'capacity', (s) => (s === 'capacity' ? s : undefined)).optional(),
  parallelism: optionValue('parallelism', ONE_K6, (s) => (s === '1' ? 1 : undefined)).optional(),
  'load-profile': oneOfOption('load-profile', Object.keys(LOAD_PROFILES) as LoadProfile[]),
  'plateau-seconds': numberOption('plateau-seconds', 1, 600).optional(),
  'start-rate': numberOption('start-rate', 1, 100_000),
  'max-rate': numberOption('max-rate', 2, 100_000),
  'max-rounds': wholeNumberOption('max-rounds', 3, 50),
  capacity: numberOption('capacity', 0.001).optional(),
  'peak-rps': numberOption('peak-rps', 0.001).optional(),
  'for-suite': optionValue('for-suite', 'a suite name like ramp', (s) =>
    /^[a-z][a-z0-9-]*$/.test(s) ? s : undefined,
  ),
  'target-utilization': numberOption('target-utilization', 0.05, 1),
  'pod-ready-seconds': numberOption('pod-ready-seconds', 0, 600),
  'api-delay': delayRangeOption('api-delay'),
  overlay: oneOfOption('overlay', OVERLAYS),
  'cpu-levels': optionValue('cpu-levels', 'request and/or limit, like request,limit', (s) => {
    const levels = [...new Set(s.split(',').map((l) => l.trim()))];
    return levels.every((l) => (CPU_LEVELS as readonly string[]).includes(l))
      ? (levels as CpuLevel[])
      : undefined;
  }),
  'size-from': oneOfOption('size-from', CPU_LEVELS),
});

export function parseCapacityOptions(argv: readonly string[]): CapacityOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        'base-url': { type: 'string' },
        suite: { type: 'string' },
        'load-profile': { type: 'string', default: 'demo' },
        'plateau-seconds': { type: 'string' },
        'start-rate': { type: 'string', default: '10' },
        'max-rate': { type: 'string', default: '10000' },
        'max-rounds': { type: 'string', default: '16' },
        slo: { type: 'string' },
        capacity: { type: 'string' },
        'peak-rps': { type: 'string' },
        'for-suite': { type: 'string', default: 'ramp' },
        'target-utilization': { type: 'string', default: '0.7' },
        'pod-ready-seconds': { type: 'string', default: '10' },
        'api-delay': { type: 'string', default: '30-250' },
        out: { type: 'string' },
        parallelism: { type: 'string' },
        overlay: { type: 'string', default: 'minikube' },
        manifest: { type: 'string' },
        'cpu-levels': { type: 'string', default: 'request,limit' },
        'size-from': { type: 'string', default: 'request' },
        unconstrained: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  let o: z.output<typeof VALUES>;
  try {
    o = parseOptionValues(VALUES, v);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  // Between options, once each is good on its own.
  if (!o['cpu-levels'].includes(o['size-from']))
    throw new UsageError(
      `--size-from must be one of the levels searched (${o['cpu-levels'].join(', ')}), got "${o['size-from']}"`,
    );
  if (v.unconstrained && (v.manifest !== undefined || v['base-url'] !== undefined))
    throw new UsageError(
      "--unconstrained runs the local API without the pod's limits: it takes neither --manifest nor --base-url",
    );
  if (o['max-rate'] <= o['start-rate'])
    throw new UsageError(
      `--max-rate (${o['max-rate']}) must be above --start-rate (${o['start-rate']})`,
    );
  return {
    baseUrl: o['base-url'],
    capacity: o.capacity,
    plateauSeconds: o['plateau-seconds'] ?? LOAD_PROFILES[o['load-profile']],
    startRate: o['start-rate'],
    maxRate: o['max-rate'],
    maxRounds: o['max-rounds'],
    sloFile: v.slo === undefined ? undefined : checkInputFile('slo', v.slo),
    peakRps: o['peak-rps'],
    forSuite: o['for-suite'],
    targetUtilization: o['target-utilization'],
    podReadySeconds: o['pod-ready-seconds'],
    apiDelay: o['api-delay'],
    outDir: v.out === undefined ? undefined : checkOutputDir('out', v.out),
    overlay: o.overlay,
    manifest: v.manifest === undefined ? undefined : checkInputFile('manifest', v.manifest),
    cpuLevels: o['cpu-levels'],
    sizeFrom: o['size-from'],
    unconstrained: v.unconstrained,
  };
}
