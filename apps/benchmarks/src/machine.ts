/** What the figures were measured on: ratios travel between machines, absolute numbers do not. */
import { availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os';
import { requireBinary, runSync } from '@loadlab/process-supervisor';

export interface Machine {
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly wrk: string;
  /** 1, 5 and 15 minute load averages when the bench started: anything else running shows here. */
  readonly loadAverage: readonly number[];
  readonly loadAverageAtEnd?: readonly number[];
}

function wrkVersion(): string {
  const wrk = requireBinary('wrk', 'apt-get install wrk');
  // `wrk -v` prints its version and usage, then exits 1.
  const text = runSync(wrk, ['-v'], { timeoutMs: 5000, okExitCodes: [0, 1] }).stdout;
  return /^wrk (\S+)/.exec(text)?.[1] ?? 'unknown';
}

export const loadAverage = () => loadavg().map((x) => Math.round(x * 100) / 100);

export function describeMachine(now = new Date()): Machine {
  return {
    date: now.toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    wrk: wrkVersion(),
    loadAverage: loadAverage(),
  };
}
