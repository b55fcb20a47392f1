/**
 * Was the machine quiet enough for a capacity figure? Before the search (a few seconds with
 * nothing of ours running) and during it (every watched plateau), other load is measured; the
 * figure is unreliable when the machine was noisy before, or during more than a quarter of the
 * plateaus. An unreliable figure is reported as such and never sized from.
 */
import { noisy, type CpuWindow } from './machine-load.ts';
import type { Round } from './knee-finder.ts';

/** More than this share of the watched plateaus noisy: the figure is unreliable. */
export const MAX_NOISY_PLATEAU_SHARE = 0.25;

export interface MachineAssessment {
  readonly reliable: boolean;
  /** Why not, in words (empty when reliable). */
  readonly reasons: readonly string[];
  readonly before: CpuWindow | null;
  readonly beforeNoise: readonly string[];
  readonly watchedPlateaus: number;
  readonly noisyPlateaus: readonly {
    readonly round: number;
    readonly rate: number;
    readonly why: string;
  }[];
  /** Plateaus that broke while k6 or the machine was out of CPU. */
  readonly generatorBound: readonly {
    readonly round: number;
    readonly rate: number;
    readonly why: string;
  }[];
}

export function assessMachine(
  before: CpuWindow | null,
  rounds: readonly Round[],
): MachineAssessment {
  const beforeNoise = before ? noisy(before, { before: true }) : [];
  const watched = rounds.flatMap((r) =>
    r.result.plateaus.filter((p) => p.machine).map((p) => ({ round: r.round, p })),
  );
  const noisyPlateaus = watched
    .map(({ round, p }) => ({ round, rate: p.rate, why: noisy(p.machine!).join('; ') }))
    .filter((x) => x.why);
  const generatorBound = rounds.flatMap((r) =>
    r.result.plateaus
      .filter((p) => p.outcome === 'generator-bound')
      .map((p) => ({ round: r.round, rate: p.rate, why: p.why })),
  );
  const reasons: string[] = [];
  if (beforeNoise.length) reasons.push(`before the search: ${beforeNoise.join('; ')}`);
  if (watched.length && noisyPlateaus.length > MAX_NOISY_PLATEAU_SHARE * watched.length)
    reasons.push(
      `during the search: ${noisyPlateaus.length} of ${watched.length} plateaus noisy (${noisyPlateaus[0]!.why}, at ${noisyPlateaus[0]!.rate} req/s)`,
    );
  return {
    reliable: reasons.length === 0,
    reasons,
    before,
    beforeNoise,
    watchedPlateaus: watched.length,
    noisyPlateaus,
    generatorBound,
  };
}
