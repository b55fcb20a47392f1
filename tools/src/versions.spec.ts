/** tools/versions.env is the one place for tool versions; the rest must agree with it. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { WORKSPACE_ROOT } from '@loadlab/workspace';
import { loadVersions } from './versions.ts';

const read = (p: string) => readFile(`${WORKSPACE_ROOT}${p}`, 'utf8');

describe('versions.env', () => {
  it('agrees with the Node the tests run on and with package.json engines', async () => {
    const v = await loadVersions();
    assert.equal(v.NODE_VERSION!.split('.')[0], v.NODE_MAJOR);
    assert.equal(
      process.versions.node.split('.')[0],
      v.NODE_MAJOR,
      `tests must run on Node ${v.NODE_MAJOR}`,
    );
    const pkg = JSON.parse(await read('package.json')) as { engines: { node: string } };
    assert.equal(pkg.engines.node, `>=${v.NODE_MAJOR} <${Number(v.NODE_MAJOR) + 1}`);
  });

  it('pins nx and every @nx/* package to one version, and TypeScript below 7', async () => {
    const pkg = JSON.parse(await read('package.json')) as {
      devDependencies: Record<string, string>;
    };
    const nx = Object.entries(pkg.devDependencies).filter(
      ([n]) => n === 'nx' || n.startsWith('@nx/'),
    );
    assert.ok(nx.length >= 3);
    assert.deepEqual(new Set(nx.map(([, v]) => v)).size, 1, JSON.stringify(nx));
    assert.match(nx[0]![1], /^\d+\.\d+\.\d+$/, 'an exact version');
    assert.match(pkg.devDependencies.typescript!, /^(5\.9|6\.0)\.\d+$/);
  });
});
