/**
 * The finder against a service of known capacity, with the real k6: 5 requests at a time,
 * 50 ms each, so it holds 100 req/s by construction. The finder must land within ±10%.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WORKSPACE_K6 } from '@loadlab/workspace';
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

  // Up to 9 k6 runs on a machine shared with other jobs: more than the default 300 s.
  it('finds concurrency / service time (100 req/s) within ±10%', { timeout: 600_000 }, async () => {
    // p95 < 8 × S: past the knee the queue grows and breaks it within a 6 s plateau (an
    // overshoot of at most (400 - 50) ms / 6 s ≈ 6%), with 350 ms of slack for a busy machine.
    const measure = k6Ladder({
      ...WORKSPACE_K6,
      baseUrl: server.url,
      slo: { p95Ms: 400, maxErrorRate: 0.01 },
      plateauSeconds: 6,
      outDir: dir,
      testid: 'capacity-proof',
    });
    const r = await findCapacity(measure, { startRate: 20, maxRate: 1000, maxRounds: 9 });
    const summary = `capacity ${r.capacity} (estimates ${r.estimates.join(', ')}; ${r.stable ? 'stable' : 'not stable'}), ${r.rounds.length} rounds, ${r.reason ?? 'ok'}`;
    console.log(summary);
    assert.ok(r.capacity !== null, summary);
    assert.ok(Math.abs(r.capacity - server.capacity) <= server.capacity * 0.1, summary);
    // Accuracy is the claim here. Whether three repeats agree depends on how busy the machine
    // is; the search's stability rule has its own tests (knee-finder.spec.ts).
    assert.ok(r.estimates.length >= 3, summary);
    assert.ok(server.served() > 0);
  });
});
