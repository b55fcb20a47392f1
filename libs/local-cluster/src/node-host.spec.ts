/**
 * The real node's host bookkeeping: the one-node lock and rule parsing (no root), and its
 * Service-CIDR route (root; a test range on the loopback device, deleted after).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startProcess } from '@loadlab/process-supervisor';
import {
  addServiceRoute,
  host,
  lockRealNode,
  RealNodeUnavailableError,
  ruleArgs,
  serviceRoute,
} from './node-host.ts';

/** A benchmarking range (RFC 2544) that nothing here routes, on the loopback device. */
const TEST_CIDR = '198.18.255.0/24';
const noRoot = process.getuid?.() === 0 ? false : 'needs root (ip route add)';

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

  it(
    'adds the Service-CIDR route, refuses one that exists (never replaces it), and finds one left',
    { skip: noRoot },
    async () => {
      assert.equal(await serviceRoute(TEST_CIDR), '', `no route for ${TEST_CIDR} before the test`);
      try {
        await addServiceRoute(TEST_CIDR, 'lo');
        assert.match(await serviceRoute(TEST_CIDR), /^198\.18\.255\.0\/24 dev lo/);
        await assert.rejects(addServiceRoute(TEST_CIDR, 'lo'), (err: Error) => {
          assert.ok(err instanceof RealNodeUnavailableError);
          assert.match(
            err.message,
            /a route for the Service CIDR 198\.18\.255\.0\/24 exists already/,
          );
          return true;
        });
      } finally {
        await host('ip', ['route', 'del', TEST_CIDR]).catch(() => undefined);
      }
      assert.equal(
        await serviceRoute(TEST_CIDR),
        '',
        'the leftovers check sees no route once deleted',
      );
    },
  );
});
