/** A ladder measured for real: one run of the k6 `capacity` suite against one replica. */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runSuite, type K6Location } from '@loadlab/k6-runner';
import type { MeasureLadder } from './knee-finder.ts';
import { CpuWatch } from './machine-load.ts';
import {
  judgePlateau,
  kneeOf,
  plateausFromSummary,
  type CapacitySlo,
  type LadderResult,
} from './plateau.ts';

export class CapacityCouldNotRunError extends Error {}

/** bundleDir and localK6: where the capacity bundle and k6 are (the caller knows the workspace). */
export interface K6LadderOptions extends K6Location {
  readonly baseUrl: string;
  readonly slo: CapacitySlo;
  readonly plateauSeconds: number;
  /**
   * Pause before every ladder but the first (default: one plateau): a ladder ends past the knee,
   * and the replica must drain that queue, or the next ladder's first plateau inherits it.
   */
  readonly cooldownSeconds?: number;
  /** Each round writes its k6 summary to <outDir>/round-<n>/. */
  readonly outDir: string;
  readonly testid: string;
  /** Extra k6 -e variables, and the outputs (e.g. remote write into a local Prometheus). */
  readonly env?: Readonly<Record<string, string>>;
  readonly prometheusRw?: string;
  readonly signal?: AbortSignal;
  /**
   * Watch the machine's CPU (k6, the API, others, idle) per plateau, so that a plateau that broke
   * because the generator ran out is not taken for the server's knee. apiPid: the API's process,
   * when known (ours, started locally).
   */
  readonly watchMachine?: { readonly apiPid?: number };
  readonly onLadder?: (round: number, rates: readonly number[]) => void;
  readonly onResult?: (round: number, result: LadderResult) => void;
}

export function k6Ladder(o: K6LadderOptions): MeasureLadder {
  return async (rates, round) => {
    if (round > 1)
      await sleep((o.cooldownSeconds ?? o.plateauSeconds) * 1000, undefined, {
        signal: o.signal,
      }).catch(() => undefined);
    o.onLadder?.(round, rates);
    const watch = o.watchMachine ? new CpuWatch(o.watchMachine.apiPid) : null;
    const startedAt = performance.now();
    let endedAt: number | undefined;
    await watch?.start();
    const run = await runSuite({
      suite: 'capacity',
      bundleDir: o.bundleDir,
      localK6: o.localK6,
      baseUrl: o.baseUrl,
      testid: `${o.testid}-r${round}`,
      outDir: join(o.outDir, `round-${round}`),
      prometheusRw: o.prometheusRw,
      signal: o.signal,
      env: {
        ...o.env,
        PLATEAUS: rates.join(','),
        PLATEAU_SECONDS: String(o.plateauSeconds),
        P95_MS: String(o.slo.p95Ms),
        MAX_ERROR_RATE: String(o.slo.maxErrorRate),
      },
    })
      .then((r) => {
        endedAt = performance.now();
        return r;
      })
      .finally(() => watch?.stop());
    if (o.signal?.aborted)
      throw new CapacityCouldNotRunError('interrupted: the search is incomplete');
    // A plateau that breaks aborts k6 with "thresholds failed": that is a measurement, not a failure.
    if (run.status === 'could-not-run' || !run.summary)
      throw new CapacityCouldNotRunError(`capacity round ${round}: ${run.reason ?? 'no summary'}`);
    const plateaus = plateausFromSummary(run.summary, rates, o.plateauSeconds);
    // When the scenarios started: k6 exited just after they ended, so count back their duration
    // (k6's start-up, longer on a busy machine, would shift every window early); else when k6
    // first used CPU.
    const ran = run.summary.state?.testRunDurationMs;
    const t0 =
      endedAt !== undefined && ran !== undefined && ran > 0
        ? endedAt - ran
        : (watch?.k6StartedAt() ?? startedAt);
    const P = o.plateauSeconds * 1000;
    const result = kneeOf(
      plateaus.map((p, i) =>
        judgePlateau(
          // Skip each plateau's first quarter: k6's start drifts, and the last plateau's queue drains.
          watch ? { ...p, machine: watch.window(t0 + i * P + P / 4, t0 + (i + 1) * P) } : p,
          o.slo,
        ),
      ),
    );
    o.onResult?.(round, result);
    return result;
  };
}
