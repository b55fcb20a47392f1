/** The GitHub Actions workflow: actionlint passes (and catches a broken copy), and it does what CI must. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runSync } from '@loadlab/process-supervisor';
import { makeTempDir } from '@loadlab/testkit';
import { WORKSPACE_ROOT } from '@loadlab/workspace';

const WORKFLOW = join(WORKSPACE_ROOT, '.github/workflows/ci.yml');
const ACTIONLINT = join(WORKSPACE_ROOT, '.tools/bin/actionlint');
const text = readFileSync(WORKFLOW, 'utf8');
const actionlint = (file: string) =>
  runSync(ACTIONLINT, ['-no-color', file], { okExitCodes: 'any' });

describe('.github/workflows/ci.yml', () => {
  it('passes actionlint (tools/setup/ensure-actionlint.sh builds it)', () => {
    assert.ok(
      existsSync(ACTIONLINT),
      `${ACTIONLINT} is missing: run bash tools/setup/ensure-actionlint.sh`,
    );
    const r = actionlint(WORKFLOW);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
  });

  it('actionlint does catch a broken workflow', async () => {
    const dir = await makeTempDir('actionlint-');
    try {
      const broken = join(dir.path, 'ci.yml');
      writeFileSync(broken, text.replace('needs: affected', 'needs: no-such-job'));
      const r = actionlint(broken);
      assert.notEqual(r.exitCode, 0);
      assert.match(r.stdout, /no-such-job/);
    } finally {
      await dir.remove();
    }
  });

  it('checks out full history, sets the affected base, and lets the Nx graph pick the work', () => {
    assert.match(text, /fetch-depth: 0/);
    assert.match(text, /uses: nrwl\/nx-set-shas@v\d/);
    assert.match(text, /npm ci/);
    assert.match(text, /npx nx affected -t lint typecheck test e2e e2e-cluster-path build/);
    for (const setup of ['ensure-k6', 'ensure-services', 'ensure-container-engine'])
      assert.match(text, new RegExp(setup));
  });

  it('pushes the image only from the default branch, with the workflow token through docker login', () => {
    assert.match(
      text,
      /github\.ref == format\('refs\/heads\/\{0\}', github\.event\.repository\.default_branch\)/,
    );
    assert.match(text, /crocodile-api:docker-push --registry=ghcr\.io/);
    // The only secret is GitHub's per-run token; nothing else is referenced, nothing is inline.
    assert.deepEqual([...new Set(text.match(/secrets\.\w+/g))], ['secrets.GITHUB_TOKEN']);
  });
});
