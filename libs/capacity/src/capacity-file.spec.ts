import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadCapacityFigure } from './capacity-file.ts';

describe('loadCapacityFigure', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'capacity-file-'))));
  after(() => rm(dir, { recursive: true, force: true }));
  const file = async (name: string, body: string) => {
    await writeFile(join(dir, name), body);
    return join(dir, name);
  };

  it('reads a stable measured figure, or a given one', async () => {
    assert.equal(
      await loadCapacityFigure(await file('a.json', '{"capacity":180,"result":{"stable":true}}')),
      180,
    );
    assert.equal(await loadCapacityFigure(await file('b.json', '{"capacity":90}')), 90);
  });
  it('refuses what is not a usable figure, naming the file', async () => {
    await assert.rejects(loadCapacityFigure(join(dir, 'missing.json')), /missing\.json/);
    await assert.rejects(loadCapacityFigure(await file('c.json', '{')), /c\.json/);
    await assert.rejects(
      loadCapacityFigure(await file('d.json', '{"capacity":null}')),
      /holds no capacity figure/,
    );
    await assert.rejects(
      loadCapacityFigure(await file('e.json', '{"capacity":120,"result":{"stable":false}}')),
      /never settled/,
    );
  });
  it('refuses a figure measured on a noisy machine (issue 28 point 3)', async () => {
    await assert.rejects(
      loadCapacityFigure(
        await file(
          'n.json',
          '{"capacity":120,"result":{"stable":true},"machine":{"reliable":false,"reasons":["before the search: load average 9.8 on 2 cores"]}}',
        ),
      ),
      /measured on a noisy machine \(before the search: load average 9\.8 on 2 cores\)/,
    );
    assert.equal(
      await loadCapacityFigure(
        await file(
          'q.json',
          '{"capacity":120,"result":{"stable":true},"machine":{"reliable":true}}',
        ),
      ),
      120,
    );
  });
});
