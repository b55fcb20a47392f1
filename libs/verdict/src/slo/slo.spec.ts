import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDir } from '@loadlab/testkit';
import { loadSlo, sloAsK6Env } from './slo.ts';

describe('SLO file', () => {
  it("defaults to the tutorial's p95 < 700 ms and errors < 1%", async () => {
    const slo = await loadSlo();
    assert.equal(slo.p95Ms, 700);
    assert.equal(slo.maxErrorRate, 0.01);
    assert.deepEqual(sloAsK6Env(slo), {
      P95_MS: '700',
      P99_MS: '1500',
      MAX_ERROR_RATE: '0.01',
      MIN_CHECKS_RATE: '0.99',
    });
  });

  it('names each bad field and the file', async () => {
    const dir = await makeTempDir();
    try {
      const file = join(dir.path, 'slo.json');
      await writeFile(
        file,
        JSON.stringify({ p95Ms: -1, p99Ms: 900, maxErrorRate: 2, minChecksRate: 0.9, p50: 1 }),
      );
      await assert.rejects(
        loadSlo(file),
        /SLO file .*slo\.json is invalid: p95Ms is -1; maxErrorRate is 2; p50 is not an SLO field/,
      );
      await writeFile(file, '{ nope');
      await assert.rejects(loadSlo(file), /could not be read as JSON/);
    } finally {
      await dir.remove();
    }
  });
});
