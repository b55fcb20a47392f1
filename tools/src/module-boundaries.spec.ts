/**
 * The runtime boundary is real: ESLint (with the Nx graph) rejects k6 imports in
 * Node projects and Node imports in k6 projects. Lints virtual files in place.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { WORKSPACE_ROOT } from '@loadlab/workspace';

const eslint = new ESLint({ cwd: WORKSPACE_ROOT });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${WORKSPACE_ROOT}${filePath}` });
  return result!.messages
    .filter(
      (m) => m.ruleId === '@nx/enforce-module-boundaries' || m.ruleId === 'no-restricted-imports',
    )
    .map((m) => m.message);
}

describe('module boundaries', () => {
  it('forbids k6 modules in Node code', async () => {
    const errors = await boundaryErrors(
      'libs/metrics/src/bad.ts',
      "import http from 'k6/http';\nexport const x = http;\n",
    );
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /k6\/http/);
  });

  it('forbids Node built-ins and Node libraries in k6 code', async () => {
    const errors = await boundaryErrors(
      'apps/load-tests/src/bad.ts',
      "import { readFileSync } from 'node:fs';\nimport { queries } from '@loadlab/metrics';\nexport const x = [readFileSync, queries];\n",
    );
    // node:fs is banned by import, @loadlab/metrics by import and by the Nx graph.
    assert.ok(
      errors.some((e) => /node:fs.*k6 scripts do not run on Node/.test(e)),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((e) => /runtime:k6.*can only depend on libs tagged with "runtime:k6"/.test(e)),
      errors.join('\n'),
    );
  });

  it('lets Node apps use Node libraries', async () => {
    const errors = await boundaryErrors(
      'apps/crocodile-api/src/ok.ts',
      "import { queries } from '@loadlab/metrics';\nexport const x = queries;\n",
    );
    assert.deepEqual(errors, []);
  });
});
