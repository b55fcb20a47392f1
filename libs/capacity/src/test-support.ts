/**
 * A service whose capacity is known by construction: at most `concurrency` requests are
 * served at once, each takes `serviceMs`, the rest wait in a FIFO queue. It holds
 * concurrency / serviceMs requests per second; past that the queue, and latency, grow.
 */
import { createServer } from 'node:http';
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
  let busy = 0;
  let served = 0;
  const queue: (() => void)[] = [];
  const next = () => {
    while (busy < o.concurrency && queue.length) {
      busy++;
      const finish = queue.shift()!;
      setTimeout(() => {
        busy--;
        served++;
        finish();
        next();
      }, o.serviceMs);
    }
  };
  const server = createServer((req, res) => {
    req.resume();
    queue.push(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('[]');
    });
    next();
  });
  server.keepAliveTimeout = 60_000;
  const l = await listen(server);
  return { ...l, capacity: (o.concurrency * 1000) / o.serviceMs, served: () => served };
}
