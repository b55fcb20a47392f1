/**
 * kube.sh load on the local control plane: k6-operator v1.6.0 calls a TestRun "finished" whatever
 * its runner Jobs' outcome, so kube.sh reads the Jobs and exits 1 naming the failed runners (a k6
 * threshold crossed exits 99). No k6 runs here: the runner Jobs are kwok's (the real runner pods
 * are issue 30's), their outcome is written into their status as the Job controller writes it, and
 * the TestRun's stage as the operator writes it. What is tested is kube.sh's reading of them.
 */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { clusterBinaries, startLocalCluster, type LocalCluster } from '@loadlab/local-cluster';
import { run, waitFor } from '@loadlab/process-supervisor';
import { WORKSPACE_CLUSTER, WORKSPACE_ROOT } from '@loadlab/workspace';

const KUBE = join(WORKSPACE_ROOT, 'libs/k8s-manifests/scripts/kube.sh');
const TESTRUN = 'crocodile-scale-out';
const { missing } = clusterBinaries(WORKSPACE_CLUSTER.binDir);
const skip = missing.length
  ? `control-plane binaries missing (${missing.join(', ')}); npx nx run local-cluster:binaries builds them`
  : undefined;
if (skip) console.log(`# SKIP kube-load-runners: ${skip}`);

describe('kube.sh load judges the runner Jobs, not only the TestRun stage', { skip }, () => {
  let cluster: LocalCluster;
  const workDir = join(WORKSPACE_ROOT, 'reports/e2e-kube-load-runners');
  const env = () => ({
    ...process.env,
    KUBECONFIG: cluster.kubeconfig,
    LOADLAB_PLATFORM_SOURCE: 'vendored',
  });
  /** kube.sh, bounded; resolves with its exit code and output. */
  const kube = async (...args: string[]) => {
    const r = await run('bash', [KUBE, ...args], {
      env: env(),
      timeoutMs: 240_000,
      okExitCodes: 'any',
    });
    return { code: r.exitCode, out: `${r.stdout}${r.stderr}` };
  };
  /** kubectl in the default namespace, where kube.sh applies the TestRun. */
  const kubectl = (...args: string[]) => cluster.kubectl(['-n', 'default', ...args]);
  /** The TestRun at this -o output ('' while there is none). */
  const testRun = async (output: string) =>
    (await kubectl('get', 'testrun', TESTRUN, '--ignore-not-found', '-o', output)).trim();
  /** Writes an object's status as its controller would. */
  const patchStatus = (kind: string, name: string, status: object) =>
    kubectl(
      'patch',
      kind,
      name,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status }),
    );
  /** What k6-operator v1.6.0 writes once no runner Job is active, failed or not. */
  const finishTestRun = () => patchStatus('testrun', TESTRUN, { stage: 'finished' });
  /** A runner Job as k6-operator labels it, ended as the Job controller records it. */
  const runnerJob = async (n: number, outcome: 'succeeded' | 'failed') => {
    const name = `${TESTRUN}-${n}`;
    const uid = await testRun('jsonpath={.metadata.uid}');
    await cluster.kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name,
          namespace: 'default',
          labels: { k6_cr: TESTRUN, runner: 'true' },
          // Owned by the TestRun, as the operator's Jobs are: load's foreground delete takes them.
          ownerReferences: [
            { apiVersion: 'k6.io/v1alpha1', kind: 'TestRun', name: TESTRUN, uid, controller: true },
          ],
        },
        spec: {
          // Suspended: the Job controller creates no pod whose state would overwrite the outcome.
          suspend: true,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'k6', image: 'grafana/k6:stand-in', command: ['k6'] }],
            },
          },
        },
      }),
    );
    await patchStatus('job', name, { [outcome]: 1 });
  };

  before(async () => {
    await rm(workDir, { recursive: true, force: true });
    cluster = await startLocalCluster({ ...WORKSPACE_CLUSTER, workDir });
    const platform = await kube('platform');
    assert.equal(platform.code, 0, platform.out);
  });
  after(() => cluster?.stop());

  it('a runner that exited 99: the TestRun is finished, kube.sh load exits 1 naming that runner', async () => {
    const load = kube('load', '--suite=scale-out', '--timeout=180');
    await waitFor(async () => (await testRun('name')) !== '', {
      what: `the TestRun ${TESTRUN}`,
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    await runnerJob(1, 'succeeded');
    await runnerJob(2, 'failed');
    await finishTestRun();
    const r = await load;
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /TestRun crocodile-scale-out: finished/);
    assert.match(
      r.out,
      /TestRun crocodile-scale-out finished, but these runners failed \(a k6 threshold crossed exits 99\): crocodile-scale-out-2;/,
    );
    assert.doesNotMatch(r.out, /failed[^\n]*crocodile-scale-out-1\b/);
  });

  it('every runner succeeded: kube.sh load exits 0 and says so', async () => {
    const load = kube('load', '--suite=scale-out', '--timeout=180');
    // load deletes the old TestRun first (foreground: its Jobs go with it), then applies anew.
    await waitFor(
      async () =>
        (await kubectl('get', 'jobs', '-l', `k6_cr=${TESTRUN}`, '-o', 'name')).trim() === '' &&
        (await testRun('jsonpath={.status.stage}')) !== 'finished' &&
        (await testRun('name')) !== '',
      { what: 'the new TestRun without Jobs', timeoutMs: 90_000, intervalMs: 500 },
    );
    await runnerJob(1, 'succeeded');
    await runnerJob(2, 'succeeded');
    await finishTestRun();
    const r = await load;
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /TestRun crocodile-scale-out: all 2 runners succeeded/);
  });
});
