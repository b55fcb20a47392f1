import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CROCODILE_API_MAIN, WORKSPACE_ROOT } from './workspace-root.ts';

describe('WORKSPACE_ROOT', () => {
  it('is the folder of the root package.json, and the API entry point is in it', () => {
    assert.equal(
      JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'package.json'), 'utf8')).name,
      'loadlab',
    );
    assert.ok(existsSync(CROCODILE_API_MAIN), CROCODILE_API_MAIN);
  });

  it('works from a folder with spaces and percent signs (URL.pathname would not)', async () => {
    const root = join(tmpdir(), `work space 100% ${process.pid}`);
    const lib = join(root, 'libs/workspace/src');
    mkdirSync(lib, { recursive: true });
    try {
      cpSync(new URL('./workspace-root.ts', import.meta.url), join(lib, 'workspace-root.ts'));
      const copy = (await import(pathToFileURL(join(lib, 'workspace-root.ts')).href)) as {
        WORKSPACE_ROOT: string;
      };
      assert.equal(copy.WORKSPACE_ROOT, `${root}/`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
