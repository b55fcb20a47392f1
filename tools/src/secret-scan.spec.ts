import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runSync } from '@loadlab/process-supervisor';
import { scanRepo, scanText } from './secret-scan.ts';
import { WORKSPACE_ROOT } from '@loadlab/workspace';

// Planted values are assembled at run time, so this file holds no credential itself.
const fake = (prefix: string) => `${prefix}${'Zq8w'.repeat(3)}Xy`;

describe('secret scan', () => {
  it('finds nothing in this repository', () => {
    assert.deepEqual(scanRepo(WORKSPACE_ROOT), []);
  });

  it("fails on a planted credential, including the tutorial's docker login -p", () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-scan-'));
    try {
      runSync('git', ['init', '-q'], { cwd: dir });
      writeFileSync(
        join(dir, 'README.md'),
        `docker login -u someone -p ${fake('Pw')} https://registry.example\n`,
      );
      writeFileSync(join(dir, 'config.ts'), `export const cfg = { password: "${fake('pw')}" };\n`);
      runSync('git', ['add', '.'], { cwd: dir });
      const findings = scanRepo(dir);
      assert.deepEqual(findings.map((f) => `${f.file}:${f.line}`).sort(), [
        'README.md:1',
        'config.ts:1',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets references and placeholders through', () => {
    for (const ok of [
      'password: process.env.GRAFANA_ADMIN_PASSWORD',
      '--docker-password=${REGISTRY_PASSWORD}',
      'docker login -u pruebacontenedor -p <REDACTED> https://x',
      'token = "${TOKEN}"',
    ]) {
      assert.deepEqual(scanText('f', ok), [], ok);
    }
    assert.equal(scanText('f', `-----BEGIN ${'RSA '}PRIVATE KEY-----`).length, 1);
  });
});
