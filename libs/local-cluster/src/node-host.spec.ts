/** The real node's host bookkeeping that needs no root: the one-node lock and rule parsing. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startProcess } from '@loadlab/process-supervisor';
import { lockRealNode, RealNodeUnavailableError, ruleArgs } from './node-host.ts';

describe('real node host', () => {
  it('splits an iptables -S rule like a shell, quoted comments with escaped quotes included', () => {
    assert.deepEqual(
      ruleArgs(
        '-s 10.244.0.2/32 -m comment --comment "name: \\"loadlab\\" id: \\"ab12\\"" -j CNI-8939',
      ),
      [
        '-s',
        '10.244.0.2/32',
        '-m',
        'comment',
        '--comment',
        'name: "loadlab" id: "ab12"',
        '-j',
        'CNI-8939',
      ],
    );
  });

  it('runs one real node at a time; a lock left by a dead process is taken over', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'real-node-lock-'));
    const file = join(dir, 'lock');
    try {
      const unlock = await lockRealNode(file);
      assert.equal(await readFile(file, 'utf8'), String(process.pid));
      await assert.rejects(
        lockRealNode(file),
        (e: Error) =>
          e instanceof RealNodeUnavailableError && e.message.includes(`process ${process.pid}`),
      );
      await unlock();

      // A PID that has exited: the lock is stale.
      const exited = startProcess('true', []);
      await exited.exited;
      const dead = exited.pid;
      await writeFile(file, String(dead));
      const again = await lockRealNode(file);
      assert.equal(await readFile(file, 'utf8'), String(process.pid));
      await again();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
