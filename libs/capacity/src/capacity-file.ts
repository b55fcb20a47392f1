/**
 * The capacity figure saved by a capacity run (reports/capacity/<id>/capacity.json), for the
 * commands that judge against it (explain, the scaling verifier). A file without a figure, or
 * with one that was not stable or was measured on a noisy machine, is an error naming the file: never a silent default.
 */
import { readFile } from 'node:fs/promises';

export class CapacityFileError extends Error {}

export async function loadCapacityFigure(file: string): Promise<number> {
  let run: {
    capacity?: unknown;
    result?: { stable?: unknown };
    machine?: { reliable?: unknown; reasons?: unknown };
  };
  try {
    run = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new CapacityFileError(`capacity file ${file}: ${(err as Error).message}`);
  }
  if (typeof run?.capacity !== 'number' || !(run.capacity > 0))
    throw new CapacityFileError(
      `capacity file ${file} holds no capacity figure (capacity: ${JSON.stringify(run?.capacity)}): run nx run load-tests:capacity again`,
    );
  if (run.result && run.result.stable !== true)
    throw new CapacityFileError(
      `capacity file ${file}: the figure ${run.capacity} req/s never settled; measure again on a quieter machine or with longer plateaus`,
    );
  if (run.machine && run.machine.reliable !== true)
    throw new CapacityFileError(
      `capacity file ${file}: the figure ${run.capacity} req/s was measured on a noisy machine (${Array.isArray(run.machine.reasons) ? run.machine.reasons.join('; ') : 'unreliable'}); measure again on a quiet machine`,
    );
  return run.capacity;
}
