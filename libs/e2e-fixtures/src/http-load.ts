/** Requests on fresh connections, so kube-proxy picks a pod for each; bounded loops of them. */
import { get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** One GET on a fresh connection; resolves with its status. */
export function request(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

/** Request loops until stop() or maxMs; pauseMs between a loop's requests caps its rate. */
export class Load {
  ok = 0;
  readonly failures: string[] = [];
  #stop = false;
  #loops: Promise<void>[] = [];

  start(url: string, concurrency: number, maxMs: number, pauseMs = 0): void {
    const deadline = Date.now() + maxMs;
    for (let i = 0; i < concurrency; i++) {
      this.#loops.push(
        (async () => {
          while (!this.#stop && Date.now() < deadline) {
            try {
              const status = await request(url);
              if (status === 200) this.ok++;
              else this.failures.push(`HTTP ${status}`);
            } catch (err) {
              this.failures.push((err as Error).message);
            }
            if (pauseMs) await sleep(pauseMs);
          }
        })(),
      );
    }
  }

  async stop(): Promise<void> {
    this.#stop = true;
    await Promise.all(this.#loops);
  }
}
