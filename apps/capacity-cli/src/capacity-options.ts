/** Options of `nx run load-tests:capacity`, validated: a bad one is "could not run" with its name. */
import { parseArgs } from 'node:util';
import { checkInputFile, checkOutputDir } from '@loadlab/workspace';
import { OVERLAYS, type Overlay } from './pod-manifest.ts';

export const LOAD_PROFILES = { full: 30, demo: 10, ci: 5 } as const;

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

function number(
  name: string,
  v: string | undefined,
  min: number,
  max = Infinity,
): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${v}"`);
  return n;
}

export function parseCapacityOptions(argv: readonly string[]): CapacityOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        'base-url': { type: 'string' },
        // ./loadlab demo passes these through.
        suite: { type: 'string' },
        'load-profile': { type: 'string', default: 'demo' },
        'plateau-seconds': { type: 'string' },
        'start-rate': { type: 'string' },
        'max-rate': { type: 'string' },
        'max-rounds': { type: 'string' },
        slo: { type: 'string' },
        capacity: { type: 'string' },
        'peak-rps': { type: 'string' },
        'for-suite': { type: 'string', default: 'ramp' },
        'target-utilization': { type: 'string' },
        'pod-ready-seconds': { type: 'string' },
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
  // One replica's knee sits far below what one k6 process drives (docs/benchmarks.md,
  // section 6), and each plateau is read from that process's summary.
  if (v.parallelism !== undefined && v.parallelism !== '1')
    throw new UsageError(
      `the capacity search runs one k6 process (--parallelism=1): it measures one replica, far below what one k6 drives, and reads each plateau from its summary; got --parallelism=${v.parallelism}`,
    );
  if (v.suite !== undefined && v.suite !== 'capacity')
    throw new UsageError(`this is the capacity run; --suite must be capacity, got "${v.suite}"`);
  if (!(v['load-profile'] in LOAD_PROFILES))
    throw new UsageError(
      `--load-profile must be one of ${Object.keys(LOAD_PROFILES).join(', ')}, got "${v['load-profile']}"`,
    );
  if (v['base-url'] !== undefined && !/^https?:\/\/[^/\s]+/.test(v['base-url']))
    throw new UsageError(`--base-url must be an http(s) URL, got "${v['base-url']}"`);
  if (!/^[a-z][a-z0-9-]*$/.test(v['for-suite']))
    throw new UsageError(`--for-suite must be a suite name like ramp, got "${v['for-suite']}"`);
  const delay = /^(\d+)(?:-(\d+))?$/.exec(v['api-delay']);
  const apiDelay = delay ? ([Number(delay[1]), Number(delay[2] ?? delay[1])] as const) : undefined;
  if (!apiDelay || apiDelay[0] > apiDelay[1])
    throw new UsageError(`--api-delay must be MIN-MAX in ms, like 30-250, got "${v['api-delay']}"`);
  if (!(OVERLAYS as readonly string[]).includes(v.overlay))
    throw new UsageError(`--overlay must be one of ${OVERLAYS.join(', ')}, got "${v.overlay}"`);
  const cpuLevels = [...new Set(v['cpu-levels'].split(',').map((l) => l.trim()))];
  if (!cpuLevels.length || !cpuLevels.every((l) => (CPU_LEVELS as readonly string[]).includes(l)))
    throw new UsageError(
      `--cpu-levels must list ${CPU_LEVELS.join(' and/or ')}, like request,limit; got "${v['cpu-levels']}"`,
    );
  if (!cpuLevels.includes(v['size-from']))
    throw new UsageError(
      `--size-from must be one of the levels searched (${cpuLevels.join(', ')}), got "${v['size-from']}"`,
    );
  if (v.unconstrained && (v.manifest !== undefined || v['base-url'] !== undefined))
    throw new UsageError(
      "--unconstrained runs the local API without the pod's limits: it takes neither --manifest nor --base-url",
    );
  const startRate = number('start-rate', v['start-rate'], 1, 100_000) ?? 10;
  const maxRate = number('max-rate', v['max-rate'], 2, 100_000) ?? 10_000;
  if (maxRate <= startRate)
    throw new UsageError(`--max-rate (${maxRate}) must be above --start-rate (${startRate})`);
  return {
    baseUrl: v['base-url'],
    capacity: number('capacity', v.capacity, 0.001),
    plateauSeconds:
      number('plateau-seconds', v['plateau-seconds'], 1, 600) ??
      LOAD_PROFILES[v['load-profile'] as keyof typeof LOAD_PROFILES],
    startRate,
    maxRate,
    maxRounds: number('max-rounds', v['max-rounds'], 3, 50) ?? 16,
    sloFile: v.slo === undefined ? undefined : checkInputFile('slo', v.slo),
    peakRps: number('peak-rps', v['peak-rps'], 0.001),
    forSuite: v['for-suite'],
    targetUtilization: number('target-utilization', v['target-utilization'], 0.05, 1) ?? 0.7,
    podReadySeconds: number('pod-ready-seconds', v['pod-ready-seconds'], 0, 600) ?? 10,
    apiDelay,
    outDir: v.out === undefined ? undefined : checkOutputDir('out', v.out),
    overlay: v.overlay as Overlay,
    manifest: v.manifest === undefined ? undefined : checkInputFile('manifest', v.manifest),
    cpuLevels: cpuLevels as CpuLevel[],
    sizeFrom: v['size-from'] as CpuLevel,
    unconstrained: v.unconstrained,
  };
}
