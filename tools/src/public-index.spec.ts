/** Each library's index exports what other projects import, and nothing else. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDir } from '@loadlab/testkit';
import { exportedNames, importedNames, unusedExports } from './public-index.ts';

describe('public indexes', () => {
  it('export no name that no other project imports (trim the index, keep the rest internal)', () => {
    const wide = [...unusedExports()]
      .filter(([, names]) => names.length > 0)
      .map(([pkg, names]) => `${pkg}: ${names.join(', ')}`);
    assert.deepEqual(wide, []);
  });

  it("reads an index's names through export * and named re-exports", async () => {
    const dir = await makeTempDir('index-');
    try {
      mkdirSync(join(dir.path, 'src'));
      writeFileSync(
        join(dir.path, 'src/a.ts'),
        'export const a = 1;\nexport function b() {}\nexport interface C {}\nconst hidden = 2;\nexport { hidden as d };\n',
      );
      writeFileSync(
        join(dir.path, 'src/index.ts'),
        "export * from './a.ts';\nexport { x, type Y } from '@other/pkg';\nexport class E {}\n",
      );
      assert.deepEqual([...exportedNames(join(dir.path, 'src/index.ts'))].sort(), [
        'C',
        'E',
        'Y',
        'a',
        'b',
        'd',
        'x',
      ]);
    } finally {
      await dir.remove();
    }
  });

  it('reads what a file imports from a package, and a whole-module import as everything', () => {
    const text = [
      "import { a, b as c } from '@loadlab/x';",
      "import type { T } from '@loadlab/x';",
      "export { e } from '@loadlab/x';",
      "import { z } from '@loadlab/x/sub';",
    ].join('\n');
    assert.deepEqual([...(importedNames('f.ts', text, '@loadlab/x') as Set<string>)].sort(), [
      'T',
      'a',
      'b',
      'e',
    ]);
    assert.equal(importedNames('f.ts', "import * as x from '@loadlab/x';", '@loadlab/x'), '*');
    assert.equal(importedNames('f.ts', "export * from '@loadlab/x';", '@loadlab/x'), '*');
    assert.equal(importedNames('f.ts', "await import('@loadlab/x');", '@loadlab/x'), '*');
  });
});
