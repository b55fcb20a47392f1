/**
 * Options of `./loadlab demo --cluster`, validated: a bad one is a "could not run" with its name.
 * The suites are the catalog's that verify scaling; the load profiles are the demo's names, sized
 * for a real HPA: its metric is a 2-minute rate, so even the ci profile holds the load about a
 * minute, at a rate that calls for three replicas.
 */
import { parseArgs } from 'node:util';
import { oneOfOption, parseOptionValues, wholeNumberOption } from '@loadlab/input';
import { readSuiteCatalog } from '@loadlab/k6-runner';
import { z } from 'zod';
import { K6_BUNDLE_DIR } from '@loadlab/workspace';
import { UsageError } from './options.ts';

export interface ClusterProfile {
  /** k6-cli --time-scale and --vu-scale. */
  readonly time: number;
  readonly vus: number;
  /** scale-out's arrival rate, req/s (the ci and demo runs set it; full keeps the suite's). */
  readonly rate?: number;
  readonly description: string;
}

export const CLUSTER_PROFILES: Readonly<Record<string, ClusterProfile>> = {
  // The load must outlast the scale-up by a full per-pod rate window (60 s), or the load spread is
  // judged only after it ended, and is not judged. demo: 100 s, which keeps the warm run within
  // 5 minutes (host k6 gave two such samples, at 57-59% of the peak). ci: 120 s, for CI's
  // --runners case, which at 100 s had one such sample, at 44-46%: one late HPA tick from COULD NOT RUN.
  ci: { time: 0.18, vus: 0.1, rate: 240, description: 'scale-out in about 120 s at 240 req/s' },
  demo: { time: 0.15, vus: 0.15, rate: 240, description: 'scale-out in about 100 s at 240 req/s' },
  full: { time: 1, vus: 1, description: "the suite's real length, rate and VUs" },
};

export interface ClusterRunOptions {
  readonly suite: string;
  readonly loadProfile: string;
  readonly profile: ClusterProfile;
  /** Runners as k6-operator TestRun pods (issue 30); undefined: k6 on the host. */
  readonly runners?: number;
  /** Injected fault, for the fault tests: one API pod deleted, or Prometheus restarted, mid-load. */
  readonly fault?: 'delete-api-pod' | 'restart-prometheus';
}

const FAULTS = ['delete-api-pod', 'restart-prometheus'] as const;

function scalingSuites(): string[] {
  try {
    const c = readSuiteCatalog(K6_BUNDLE_DIR);
    return Object.entries(c.suites)
      .filter(([, s]) => (s as { verifyScaling?: boolean }).verifyScaling)
      .map(([n]) => n);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function clusterUsage(): string {
  const profiles = Object.entries(CLUSTER_PROFILES)
    .map(([n, p]) => `${n} (${p.description})`)
    .join(' | ');
  return `usage: ./loadlab demo --cluster [options]   (root; containerd, the kubelet and KEDA on this machine)
  --suite=NAME          a suite that verifies scaling: scale-out (default) | ramp
  --load-profile=NAME   ${profiles} (default demo)
  --runners=N           the load as a k6-operator TestRun of N runner pods (needs the k6 runner image)
  --fault=NAME          delete-api-pod | restart-prometheus, mid-load (what the fault tests run)
exit code: 0 pass, 1 SLO or scaling failed, 2 could not run (no root, no cgroups, a missing program)`;
}

export function parseClusterOptions(argv: readonly string[]): ClusterRunOptions {
  let v;
  try {
    v = parseArgs({
      args: argv.filter((a) => a !== '--cluster'),
      options: {
        suite: { type: 'string', default: 'scale-out' },
        'load-profile': { type: 'string', default: 'demo' },
        runners: { type: 'string' },
        fault: { type: 'string' },
      },
    }).values;
  } catch (err) {
    throw new UsageError(`${(err as Error).message} (with --cluster)`);
  }
  const o = (() => {
    try {
      return parseOptionValues(
        z.object({
          suite: oneOfOption('suite', scalingSuites()),
          'load-profile': oneOfOption('load-profile', Object.keys(CLUSTER_PROFILES)),
          runners: wholeNumberOption('runners', 1, 16).optional(),
          fault: oneOfOption('fault', FAULTS).optional(),
        }),
        v,
      );
    } catch (err) {
      throw new UsageError(`${(err as Error).message} (with --cluster)`);
    }
  })();
  return {
    suite: o.suite,
    loadProfile: o['load-profile'],
    profile: CLUSTER_PROFILES[o['load-profile']]!,
    runners: o.runners,
    fault: o.fault,
  };
}
