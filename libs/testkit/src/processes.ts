import { readdirSync, readFileSync } from 'node:fs';
import { startProcess, type Proc } from '@loadlab/process-supervisor';
import { listen } from './listen.ts';
import { makeTempDir } from './temp-dir.ts';

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

/** Sends a signal by PID and waits for the exit: the exit code and how long it took. */
export async function signalAndWait(proc: Proc, signal: NodeJS.Signals = 'SIGTERM') {
  const signalled = Date.now();
  process.kill(proc.pid, signal);
  const code = await proc.exited;
  return { code, ms: Date.now() - signalled, output: proc.output() };
}

/**
 * A load command (its arguments get the URL of a stand-in API on 127.0.0.1 and an out dir),
 * signalled once the API has seen a request. Returns the exit, how long it took after the signal,
 * and the processes still mentioning the out dir (k6, if it outlived the command).
 */
export async function signalDuringLoad(
  script: string,
  args: (baseUrl: string, outDir: string) => string[],
  signal: NodeJS.Signals = 'SIGTERM',
) {
  let requests = 0;
  const api = await listen((_req, res) => {
    requests++;
    res.end('[]');
  });
  const dir = await makeTempDir('signal-during-load-');
  try {
    const proc = startProcess(process.execPath, [script, ...args(api.url, dir.path)]);
    for (let i = 0; i < 600 && requests === 0; i++) await new Promise((r) => setTimeout(r, 100));
    if (requests === 0) throw new Error(`no request reached the API:\n${proc.output()}`);
    const exit = await signalAndWait(proc, signal);
    return { ...exit, left: processesMentioning(dir.path) };
  } finally {
    await api.close();
    await dir.remove();
  }
}
