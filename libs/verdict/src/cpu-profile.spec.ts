import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runSync } from '@loadlab/process-supervisor';
import { makeTempDir } from '@loadlab/testkit';
import { readTopFunctions } from './cpu-profile.ts';

describe('CPU profile', () => {
  it('finds the function that burns the CPU in a real node --cpu-prof profile', async () => {
    const dir = await makeTempDir();
    try {
      const script = join(dir.path, 'busy.mjs');
      writeFileSync(
        script,
        'function burnTheCpu(){let x=0;const end=Date.now()+400;while(Date.now()<end)x+=Math.sqrt(x+1);return x}\nburnTheCpu();\n',
      );
      runSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir.path}`, script]);
      const file = readdirSync(dir.path).find((f) => f.endsWith('.cpuprofile'))!;
      const top = await readTopFunctions(join(dir.path, file));
      assert.equal(top[0]!.name, 'burnTheCpu');
      assert.match(top[0]!.location, /busy\.mjs:1$/);
      assert.ok(top[0]!.selfShare > 0.5, `share ${top[0]!.selfShare}`);
    } finally {
      await dir.remove();
    }
  });
});
