/**
 * Execution segments, as the k6-operator hands them to a TestRun's runners:
 * runner i of n gets `--execution-segment=i/n:(i+1)/n` (0 and 1 written bare,
 * as the operator writes them: `0:1/4`, `3/4:1`) and every runner the same
 * `--execution-segment-sequence=0,1/n,...,1`, so k6 splits VUs and arrival
 * rates the same way on one machine as on a cluster.
 */
export interface Segment {
  /** 0-based. */
  readonly index: number;
  readonly count: number;
  /** The value of the `instance` tag on this generator's samples. */
  readonly instance: string;
}

/** The most generators one run may start. */
export const MAX_PARALLELISM = 64;

export function segments(count: number, name: (index: number) => string): Segment[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_PARALLELISM)
    throw new Error(
      `parallelism must be a whole number from 1 to ${MAX_PARALLELISM}, got ${count}`,
    );
  return Array.from({ length: count }, (_, index) => ({ index, count, instance: name(index) }));
}

const fraction = (k: number, n: number) => (k === 0 ? '0' : k === n ? '1' : `${k}/${n}`);

export function segmentArgs({ index, count }: Segment): string[] {
  const sequence = Array.from({ length: count + 1 }, (_, k) => fraction(k, count)).join(',');
  return [
    `--execution-segment=${fraction(index, count)}:${fraction(index + 1, count)}`,
    `--execution-segment-sequence=${sequence}`,
  ];
}
