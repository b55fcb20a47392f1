/**
 * A service whose capacity is known by construction: at most `concurrency` requests are
 * served at once, each takes `serviceMs`, the rest wait in a FIFO queue. It holds
 * concurrency / serviceMs requests per second; past that the queue, and latency, grow.
 */
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { cgroupLauncher, type PodCgroup } from './cgroup.ts';
import { listen, type Listening } from '@loadlab/testkit';

export interface KnownCapacityServer extends Listening {
  /** concurrency × 1000 / serviceMs, in req/s. */
  readonly capacity: number;
  readonly served: () => number;
}

export async function startKnownCapacityServer(o: {
  concurrency: number;
  serviceMs: number;
}): Promise<KnownCapacityServer> {
  let served = 0;
  // Each worker's next free moment on the wall clock. Service is scheduled on this timeline, not
  // from when a timer happens to fire: on a busy machine late timers delay replies but never
  // shrink capacity below concurrency / serviceMs.
  const freeAt = Array.from({ length: o.concurrency }, () => 0);
  const server = createServer((req, res) => {
    req.resume();
    const now = performance.now();
    let w = 0;
    for (let i = 1; i < freeAt.length; i++) if (freeAt[i]! < freeAt[w]!) w = i;
    const done = Math.max(now, freeAt[w]!) + o.serviceMs;
    freeAt[w] = done;
    setTimeout(() => {
      served++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('[]');
    }, done - now);
  });
  server.keepAliveTimeout = 60_000;
  const l = await listen(server);
  return { ...l, capacity: (o.concurrency * 1000) / o.serviceMs, served: () => served };
}

/**
 * A k6 that runs inside a cgroup: a shell named k6 writes its PID into the group and execs the
 * real k6 (same PID, comm "k6"), so the run's watch sees it as the run's k6. Pass the file as
 * localK6 (or $K6 to the CLI).
 */
export async function k6InCgroup(cg: PodCgroup, realK6: string, dir: string): Promise<string> {
  const file = join(dir, 'k6');
  const { command, args } = cgroupLauncher(cg);
  await writeFile(
    file,
    `#!${command}\n${args[1]!.replace('exec "$@"', `exec '${realK6.replace(/'/g, `'\\''`)}' "$@"`)}\n`,
    { mode: 0o755 },
  );
  return file;
}
