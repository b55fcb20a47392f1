/**
 * A server whose every request burns a fixed CPU time (BURN_MS of the event loop thread's CPU,
 * measured with process.threadCpuUsage, so time spent throttled or waiting for a core does not
 * count, nor do the GC's and libuv's threads). One event
 * loop: it holds 1000 / BURN_MS req/s on a whole core, and quota × that under a CPU quota.
 *
 *   BURN_MS=8 node cpu-bound-server.fixture.ts   # prints "listening http://127.0.0.1:<port>"
 */
import { createServer } from 'node:http';

const burnUs = Number(process.env.BURN_MS ?? '8') * 1000;
if (!(burnUs > 0)) throw new Error(`BURN_MS must be a positive number, got ${process.env.BURN_MS}`);

const cpuUs = () => {
  const u = process.threadCpuUsage();
  return u.user + u.system;
};

const server = createServer((req, res) => {
  req.resume();
  const start = cpuUs();
  let spins = 0;
  while (cpuUs() - start < burnUs) spins++;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(`{"spins":${spins}}`);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  if (a && typeof a === 'object') console.log(`listening http://127.0.0.1:${a.port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
