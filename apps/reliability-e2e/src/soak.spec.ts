/** The soak bench in its one-minute smoke mode, so it keeps working. The 10-minute run is `nx run reliability-e2e:soak`. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { soak, soakTable } from './soak.ts';

describe('soak (smoke mode)', () => {
  it('runs a minute of load and samples RSS and heap', async () => {
    const r = await soak(1);
    console.log(
      `${soakTable(r)}\nfigure: soak smoke 1 min: ${r.requests} requests, ${(r.failedRate * 100).toFixed(2)}% failed, RSS growth ${r.rssGrowthPercent.toFixed(1)}% (the bound, < 10%, applies to the 10-minute bench)`,
    );
    assert.ok(r.samples.length >= 10, `${r.samples.length} samples`);
    assert.ok(r.samples.every(([, rss, heap]) => rss > 0 && heap > 0));
    assert.ok(r.requests > 100);
    assert.equal(r.failedRate, 0);
  });
});
