/** A missing binary is named precisely, with the command that builds it. */
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  CLUSTER_BINARIES,
  clusterBinaries,
  MissingClusterBinariesError,
  requireClusterBinaries,
} from './binaries.ts';

describe('cluster binaries', () => {
  it('lists exactly the missing ones, and the error says how to build them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'local-cluster-bin-'));
    const saved = process.env.LOCAL_CLUSTER_BIN;
    process.env.LOCAL_CLUSTER_BIN = dir;
    try {
      assert.deepEqual(clusterBinaries('/no/such/default'), {
        dir,
        missing: [...CLUSTER_BINARIES],
      });
      await writeFile(join(dir, 'etcd'), '#!/bin/sh\n');
      await chmod(join(dir, 'etcd'), 0o755);
      await writeFile(join(dir, 'kwok'), 'not executable');
      assert.deepEqual(
        clusterBinaries('/no/such/default').missing,
        CLUSTER_BINARIES.filter((b) => b !== 'etcd'),
      );
      assert.equal(requireClusterBinaries('/no/such/default', ['etcd']).etcd, join(dir, 'etcd'));
      assert.throws(
        () => requireClusterBinaries('/no/such/default', ['etcd', 'kwok', 'keda-adapter']),
        (e: Error) =>
          e instanceof MissingClusterBinariesError &&
          e.message.includes(`missing in ${dir}: kwok, keda-adapter`) &&
          e.message.includes('npx nx run local-cluster:binaries'),
      );
    } finally {
      if (saved === undefined) delete process.env.LOCAL_CLUSTER_BIN;
      else process.env.LOCAL_CLUSTER_BIN = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
