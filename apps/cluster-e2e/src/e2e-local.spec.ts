/**
 * CI's run of the local-cluster e2e: the real HPA controller and KEDA must scale our Deployment to
 * min(max, ceil(rps / threshold)) and back, and must not scale the copy whose query returns nothing.
 */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { clusterBinaries } from '@loadlab/local-cluster';
import { WORKSPACE_CLUSTER, WORKSPACE_ROOT } from '@loadlab/workspace';
import { expectedPeak, runE2eLocal } from './e2e-local.ts';

const { missing } = clusterBinaries(WORKSPACE_CLUSTER.binDir);
const skip = missing.length
  ? `control-plane binaries missing (${missing.join(', ')}); npx nx run local-cluster:binaries builds them`
  : undefined;
if (skip) console.log(`# SKIP e2e-local: ${skip}`);

const RATE = 250;

describe('e2e-local: real KEDA and HPA on a local control plane', { skip }, () => {
  // About 7 minutes: the load, then the 2m rate window and the scale-down stabilization.
  it(
    `scale-out at ${RATE} req/s: ours scales to ${expectedPeak(RATE)} and back (pass); a query returning nothing gives fail`,
    { timeout: 15 * 60_000 },
    async () => {
      // A fresh folder: etcd's data from an earlier run must not come back.
      const outDir = join(WORKSPACE_ROOT, 'reports/e2e-local/ci');
      await rm(outDir, { recursive: true, force: true });
      const r = await runE2eLocal({
        outDir,
        rate: RATE,
        timeScale: 0.3,
        log: (l) => console.log(`# ${l}`),
      });
      const f = r.right.scaling?.figures;
      console.log(
        `# ours: ${r.right.status}; peak ${f?.peakReplicas} (expected ${r.expectedPeak}), scale-up ${f?.scaleUpSeconds} s, scale-down ${f?.scaleDownSeconds} s; wrong query: ${r.wrong.status}`,
      );
      const failed = (v: typeof r.right) =>
        v.checks
          .filter((c) => c.outcome !== 'pass')
          .map((c) => `${c.id}: ${c.measured} (${c.expected})`);
      assert.equal(r.right.status, 'pass', `ours: ${r.right.reason ?? failed(r.right).join('; ')}`);
      assert.equal(f?.peakReplicas, r.expectedPeak);
      assert.equal(r.wrong.status, 'scaling-failed', `wrong query: ${r.wrong.reason ?? ''}`);
      assert.ok(
        failed(r.wrong).some((c) => c.startsWith('scale-up')),
        'the wrong query fails on scale-up',
      );
    },
  );
});
