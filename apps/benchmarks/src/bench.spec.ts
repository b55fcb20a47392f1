/**
 * The bench in smoke mode (about a second per contender), so it keeps working.
 * Structure only: timing goals belong to the full bench (`nx run benchmarks:bench`), not to CI.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import { runBench } from './bench.ts';
import { GET_CONTENDERS } from './contenders.ts';
import { GET_ENDPOINTS } from './get-throughput.ts';
import { SMOKE } from './settings.ts';

describe('bench --smoke', () => {
  let dir: TempDir;
  let result: Awaited<ReturnType<typeof runBench>>;
  before(async () => {
    dir = await makeTempDir('bench-smoke-');
    result = await runBench(
      { ...SMOKE, out: join(dir.path, 'benchmarks.md'), keepDir: join(dir.path, 'kept') },
      (line) => console.log(`[bench] ${line}`),
    );
  });
  after(() => dir?.remove());

  it('measures every GET contender on both endpoints, without errors', () => {
    for (const c of GET_CONTENDERS) {
      for (const path of GET_ENDPOINTS) {
        const m = result.gets.get(c.id)?.[path];
        assert.ok(m && m.rps.median > 0, `${c.id} ${path}: ${m?.rps.median} req/s`);
        assert.ok(m.p50Ms.median > 0, `${c.id} ${path}: p50`);
        assert.equal(m.errors, 0, `${c.id} ${path}: errors`);
      }
    }
  });

  it('bursts writes into crocodile-api and bare json-server, then reads the grown data', () => {
    for (const w of [result.writes.api, result.writes.bare]) {
      assert.ok(w.meanRate > 0 && w.firstRate > 0 && w.lastRate > 0, `${w.contenderId} writes/s`);
      assert.ok(w.items > 8, `${w.contenderId}: ${w.items} items after the burst`);
      assert.ok(w.dbBytes > 1032, `${w.contenderId}: db of ${w.dbBytes} bytes`);
      assert.ok(w.getBefore.rps.median > 0, `${w.contenderId}: GET before the burst`);
      assert.ok(w.getAfter.rps.median > 0, `${w.contenderId}: GET after the burst`);
      assert.equal(w.errors, 0);
    }
  });

  it('scrapes /metrics at about 1,000 series', () => {
    const [fixture, api] = result.scrapes;
    assert.ok(fixture!.series >= 1000 && fixture!.series < 1100, `${fixture!.series} series`);
    assert.ok(api!.series > 0);
    for (const s of result.scrapes) assert.ok(s.scrape.rps > 0, `${s.contenderId} scrapes/s`);
  });

  it('judges each target and profiles the contender behind each miss', () => {
    assert.equal(result.targets.length, 6);
    const missed = new Set(
      result.targets.filter((t) => !t.met || t.withinNoise).map((t) => t.limiting.contenderId),
    );
    assert.deepEqual(new Set(result.profiles.map((p) => p.contenderId)), missed);
    for (const p of result.profiles) assert.ok(p.top.length > 0 && p.packages.length > 0);
  });

  it('runs 1, 2 and 4 k6 generators against raw node:http, with their CPU per request', () => {
    assert.ok(Array.isArray(result.generators), String(result.generators));
    const rows = result.generators as Exclude<typeof result.generators, string>;
    assert.deepEqual(
      rows.map((g) => g.generators),
      [1, 2, 4],
    );
    for (const g of rows) {
      assert.ok(g.rps > 0 && g.requests > 0, `${g.generators}: ${g.rps} req/s`);
      assert.ok(g.cpuUsPerRequest !== null && g.cpuUsPerRequest > 0, `${g.generators}: CPU`);
      assert.equal(g.failed, 0);
    }
  });

  it('writes the report with the machine, every section and every contender', async () => {
    const doc = await readFile(join(dir.path, 'benchmarks.md'), 'utf8');
    assert.equal(doc, result.markdown);
    for (const heading of [
      '## Machine',
      '## Targets',
      '## 1.',
      '## 2.',
      '## 3.',
      '## 4.',
      '## 5.',
      '## 6.',
    ]) {
      assert.ok(doc.includes(heading), heading);
    }
    assert.match(doc, /\| Node +\| v24\./);
    assert.match(doc, /\| wrk +\| \S+/);
    for (const c of GET_CONTENDERS.slice(0, 5)) assert.ok(doc.includes(c.label), c.label);
    assert.match(doc, /Smoke mode/);
  });
});
