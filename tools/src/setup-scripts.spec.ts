/** The setup scripts: k6 is the pinned version and is reused; without Go, the message says what to do. */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runSync } from '@loadlab/process-supervisor';
import { WORKSPACE_ROOT } from '@loadlab/workspace';
import { loadVersions } from './versions.ts';

const ensureK6 = join(WORKSPACE_ROOT, 'tools/setup/ensure-k6.sh');

describe('ensure-k6.sh', () => {
  it('reuses the pinned k6 without rebuilding, and go.mod pins the same version', async () => {
    const { K6_VERSION } = await loadVersions();
    // Builds k6 the first time (minutes); at once after.
    const out = runSync('bash', ['-c', `. ${ensureK6} && echo "K6=$K6" && "$K6" version`], {
      timeoutMs: 15 * 60_000,
    }).stdout;
    assert.match(out, new RegExp(`k6 ${K6_VERSION.replace(/\./g, '\\.')} `));
    assert.doesNotMatch(out, /building k6/);
    const goMod = readFileSync(join(WORKSPACE_ROOT, 'tools/k6/go.mod'), 'utf8');
    assert.match(goMod, new RegExp(`go\\.k6\\.io/k6/v2 ${K6_VERSION.replace(/\./g, '\\.')}\\b`));
  });

  it('without k6 and without Go, fails with a message saying how to get k6', () => {
    // A workspace copy with no .tools, and a PATH with bash but neither go nor k6.
    const root = mkdtempSync(join(tmpdir(), 'ensure-k6-'));
    try {
      mkdirSync(join(root, 'tools'), { recursive: true });
      cpSync(join(WORKSPACE_ROOT, 'tools/setup'), join(root, 'tools/setup'), { recursive: true });
      cpSync(join(WORKSPACE_ROOT, 'tools/versions.env'), join(root, 'tools/versions.env'));
      const r = runSync('/bin/bash', [join(root, 'tools/setup/ensure-k6.sh')], {
        env: { PATH: '/usr/bin:/bin', HOME: root },
        okExitCodes: 'any',
      });
      assert.notEqual(r.exitCode, 0);
      assert.match(r.stderr, /Go is not installed to build it/);
      assert.match(r.stderr, /install k6 v2\.x yourself/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('ensure-kubectl.sh', () => {
  it('without kubectl and without Go, fails with a message saying how to get kubectl', () => {
    // A workspace copy with no .tools, and a PATH holding only what the script itself runs.
    const root = mkdtempSync(join(tmpdir(), 'ensure-kubectl-'));
    try {
      mkdirSync(join(root, 'tools'), { recursive: true });
      cpSync(join(WORKSPACE_ROOT, 'tools/setup'), join(root, 'tools/setup'), { recursive: true });
      cpSync(join(WORKSPACE_ROOT, 'tools/versions.env'), join(root, 'tools/versions.env'));
      const bin = join(root, 'bin');
      mkdirSync(bin);
      for (const p of ['bash', 'dirname']) symlinkSync(`/usr/bin/${p}`, join(bin, p));
      const r = runSync(join(bin, 'bash'), [join(root, 'tools/setup/ensure-kubectl.sh')], {
        env: { PATH: bin, HOME: root },
        okExitCodes: 'any',
      });
      assert.notEqual(r.exitCode, 0);
      assert.match(r.stderr, /kubectl is needed and Go is not installed to build it/);
      assert.match(r.stderr, /install kubectl yourself/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
