/**
 * The finder against a service of known capacity, with the real k6: 5 requests at a time,
 * 50 ms each, so it holds 100 req/s by construction. The finder must land within ±10%.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { k6Ladder } from './k6-ladder.ts';
import { findCapacity } from './knee-finder.ts';
import { startKnownCapacityServer, type KnownCapacityServer } from './test-support.ts';

describe('the knee finder with real k6 on a service of known capacity', () => {
  let server: KnownCapacityServer;
  let dir: string;
  before(async () => {
    server = await startKnownCapacityServer({ concurrency: 5, serviceMs: 50 });
    dir = await mkdtemp(join(tmpdir(), 'capacity-proof-'));
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  // Up to 12 k6 runs on a machine shared with other jobs: more than the default 300 s.
  it(
    'finds concurrency / service time (100 req/s) within ±10%, stable',
    { timeout: 600_000 },
    async () => {
      // p95 < 6 × S: past the knee the queue grows and breaks it within a 5 s plateau (an
      // overshoot of at most (300 - 50) ms / 5 s ≈ 5%), with 250 ms of slack for a busy machine.
      const measure = k6Ladder({
        baseUrl: server.url,
        slo: { p95Ms: 300, maxErrorRate: 0.01 },
        plateauSeconds: 5,
        outDir: dir,
        testid: 'capacity-proof',
      });
      const r = await findCapacity(measure, { startRate: 20, maxRate: 1000 });
      const summary = `capacity ${r.capacity} (estimates ${r.estimates.join(', ')}), ${r.rounds.length} rounds, ${r.reason ?? 'ok'}`;
      console.log(summary);
      assert.ok(r.capacity !== null, summary);
      assert.ok(Math.abs(r.capacity - server.capacity) <= server.capacity * 0.1, summary);
      assert.equal(r.stable, true, summary);
      assert.ok(server.served() > 0);
    },
  );
});
