/**
 * The suite catalog and the suite files must agree one to one, or the build says which differ; and a
 * rebuild never shows a reader a missing or half-written bundle (a second `nx run load-tests:build`,
 * as ./loadlab demo and the full bench run, can run beside a task that reads them).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDir } from '@loadlab/testkit';
import { bundleK6Suites, listSuites } from './bundle-k6-suites.ts';

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
      const described = { description: 'a suite' };
      writeFileSync(
        catalog,
        JSON.stringify({
          profiles: {},
          scaleFactor: { min: 0.001, max: 100, description: 'f' },
          suites: { smoke: described, soak: described },
        }),
      );
      await assert.rejects(
        listSuites(catalog, suites),
        /not in the catalog: stress; no suite file for: soak/,
      );
    } finally {
      await dir.remove();
    }
  });
});

describe('bundleK6Suites', () => {
  it('rebuilds in place: a reader polling during the rebuild always sees every bundle, whole', async () => {
    const dir = await makeTempDir('bundles-');
    try {
      const suites = await bundleK6Suites(dir.path);
      const names = [...suites.map((s) => `${s}.js`), 'suites.json'];
      const first = new Map(names.map((n) => [n, readFileSync(join(dir.path, n), 'utf8')]));
      writeFileSync(join(dir.path, 'retired-suite.js'), 'stale');
      writeFileSync(join(dir.path, '.ramp.js.999999999.tmp'), 'left by a killed build');
      let reads = 0;
      let done = false;
      const rebuild = bundleK6Suites(dir.path).finally(() => (done = true));
      while (!done) {
        for (const n of names)
          assert.equal(readFileSync(join(dir.path, n), 'utf8'), first.get(n), n);
        reads++;
        await new Promise((r) => setImmediate(r));
      }
      await rebuild;
      assert.ok(reads > 1, `the reader polled ${reads} time(s) during the rebuild`);
      assert.deepEqual(readdirSync(dir.path).sort(), [...names].sort(), 'stale bundles removed');
    } finally {
      await dir.remove();
    }
  });
});
