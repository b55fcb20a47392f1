/** The suite catalog and the suite files must agree one to one, or the build says which differ. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDir } from '@loadlab/testkit';
import { listSuites } from './bundle-k6-suites.ts';

describe('listSuites', () => {
  it('lists the catalog of this workspace, which agrees with the suite files', async () => {
    const suites = await listSuites();
    assert.ok(suites.includes('ramp') && suites.includes('scale-out'), suites.join(', '));
  });

  it('names a suite file missing from the catalog and a catalog suite with no file', async () => {
    const dir = await makeTempDir('suites-');
    try {
      const suites = join(dir.path, 'suites');
      mkdirSync(suites);
      for (const f of ['smoke.ts', 'stress.ts', 'smoke.spec.ts'])
        writeFileSync(join(suites, f), '');
      const catalog = join(dir.path, 'suites.json');
      writeFileSync(catalog, JSON.stringify({ suites: { smoke: {}, soak: {} } }));
      await assert.rejects(
        listSuites(catalog, suites),
        /not in the catalog: stress; no suite file for: soak/,
      );
    } finally {
      await dir.remove();
    }
  });
});
