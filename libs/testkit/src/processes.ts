import { readdirSync, readFileSync } from 'node:fs';

/**
 * PIDs of the processes whose command line mentions text: a way to find the grandchildren a
 * command started (k6 is given paths in its out dir) and to check that none is left.
 */
export const processesMentioning = (text: string): string[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
      } catch {
        return false; // gone meanwhile
      }
    });
