/** The production lockfile the image installs from: exactly the tested tree, and npm agrees it is whole. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runSync } from '@loadlab/process-supervisor';
import { makeTempDir } from '@loadlab/testkit';
import { bundleNodeApp } from './bundle-node-app.ts';
import { type Lockfile, pruneLockfile } from './prune-lockfile.ts';
import { WORKSPACE_ROOT } from '@loadlab/workspace';

describe('pruneLockfile', () => {
  it("crocodile-api's lock has its production tree only, and `npm ls` finds nothing missing", async () => {
    const out = await makeTempDir('pruned-lock-');
    try {
      await bundleNodeApp({
        root: WORKSPACE_ROOT,
        project: 'apps/crocodile-api',
        entry: 'src/main.ts',
        out: out.path,
      });
      const lock = JSON.parse(
        readFileSync(join(out.path, 'package-lock.json'), 'utf8'),
      ) as Lockfile;
      const p = lock.packages;
      assert.equal(p['node_modules/express']?.version, '5.3.0');
      // json-server 0.17 keeps its own Express 4: the nested copy must survive.
      assert.match(p['node_modules/json-server/node_modules/express']?.version ?? '', /^4\./);
      for (const dev of ['typescript', 'nx', 'esbuild', 'eslint', 'testcontainers']) {
        assert.equal(p[`node_modules/${dev}`], undefined, `${dev} is not a production dependency`);
      }
      assert.ok(!Object.values(p).some((e) => e['dev']), 'no entry is flagged dev');
      // A problem is a RunError carrying what npm ls printed.
      runSync('npm', ['ls', '--all', '--omit=dev', '--package-lock-only', '--json'], {
        cwd: out.path,
      });
    } finally {
      await out.remove();
    }
  });

  it('names what is missing, and refuses two versions at one place', () => {
    const lock: Lockfile = {
      lockfileVersion: 3,
      packages: {
        'node_modules/a': { version: '1.0.0', dependencies: { b: '^1' } },
        'apps/x/node_modules/c': { version: '2.0.0' },
        'node_modules/c': { version: '1.0.0' },
      },
    };
    const app = { name: 'x', version: '0.0.0', dependencies: {} };
    assert.throws(
      () => pruneLockfile(lock, app, { a: 'node_modules/a' }),
      /node_modules\/a needs b, which package-lock.json does not have/,
    );
    lock.packages['node_modules/b'] = { version: '1.0.0' };
    assert.throws(
      () => pruneLockfile(lock, app, { c: 'apps/x/node_modules/c', c2: 'node_modules/c' }),
      /node_modules\/c is needed at .* and .*; dedupe/,
    );
  });
});
