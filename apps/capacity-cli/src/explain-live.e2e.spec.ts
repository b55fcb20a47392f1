/**
 * Issue 28 point 7: explain's live read (`kubectl get scaledobject -o json`) on a real API server:
 * the local control plane (kube-apiserver, etcd, kwok's node; no container runs) with KEDA 2.20.2's
 * CRDs, our rendered crocodile-api objects applied, and one ScaledObject KEDA's webhook would refuse
 * (no webhook runs here, as on a cluster where KEDA was installed after it was applied).
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  BUILD_BINARIES_COMMAND,
  clusterBinaries,
  clusterVersions,
  installKedaCrds,
  startLocalCluster,
  type LocalCluster,
} from '@loadlab/local-cluster';
import { startKwokCluster, type TempCluster } from '@loadlab/e2e-fixtures';
import { run, waitFor } from '@loadlab/process-supervisor';
import { WORKSPACE_CLUSTER, workspacePath } from '@loadlab/workspace';

const EXPLAIN = fileURLToPath(new URL('./explain-main.ts', import.meta.url));
const { missing, dir: binDir } = clusterBinaries(WORKSPACE_CLUSTER.binDir);
const skip = missing.length
  ? `control-plane binaries missing in ${binDir}: ${missing.join(', ')}; ${BUILD_BINARIES_COMMAND} builds them`
  : undefined;
if (skip) console.log(`# SKIP explain live: ${skip}`);

/** A cpu-only ScaledObject with minReplicaCount 0: schema-valid, refused by KEDA's webhook. */
const CPU_ZERO = JSON.stringify({
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { name: 'cpu-zero', namespace: 'default' },
  spec: {
    scaleTargetRef: { name: 'other-api' },
    minReplicaCount: 0,
    maxReplicaCount: 4,
    triggers: [{ type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } }],
  },
});

describe('explain on a live cluster (the local control plane)', { skip }, () => {
  let cluster: TempCluster<LocalCluster>;
  const explain = async (...args: string[]) => {
    const r = await run(
      process.execPath,
      [EXPLAIN, `--kubeconfig=${cluster.kubeconfig}`, ...args],
      {
        timeoutMs: 60_000,
        okExitCodes: 'any',
      },
    );
    return { code: r.exitCode, out: r.stdout + r.stderr };
  };

  before(async () => {
    cluster = await startKwokCluster(startLocalCluster);
    await installKedaCrds(cluster.kubectl, clusterVersions(WORKSPACE_CLUSTER.versionsEnv));
    // Right after the apply the CRD may have no status yet (kubectl wait then errors): poll.
    await waitFor(
      async () =>
        (await cluster.kubectl([
          'get',
          'crd/scaledobjects.keda.sh',
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Established")].status}',
        ])) === 'True',
      { what: 'the ScaledObject CRD Established', timeoutMs: 60_000, intervalMs: 250 },
    );
    await cluster.kubectl([
      'apply',
      '-f',
      workspacePath('libs/k8s-manifests/base/crocodile-api.yaml'),
    ]);
    await cluster.kubectl(['apply', '-f', '-'], CPU_ZERO);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('reads our ScaledObject back from the API server and explains it: exit 0, no traps', async () => {
    const r = await explain('--namespace=default', '--name=crocodile-api');
    assert.equal(r.code, 0, r.out);
    assert.match(
      r.out,
      /^from kubectl --kubeconfig \S+ -n default get scaledobject crocodile-api -o json/m,
    );
    assert.match(
      r.out,
      /ScaledObject default\/crocodile-api -> Deployment crocodile-api, 1-10 replicas/,
    );
    // What the API server stored, defaults included, is what is explained: the trigger's query,
    // its threshold, and KEDA's defaults for what our manifest leaves out.
    assert.match(r.out, /compares with 50, so it wants ceil\(value \/ 50\) replicas/);
    assert.match(r.out, /\(keda v\d+\.\d+\.\d+ pkg\/scalers\/scaler\.go:94-105; /);
    assert.match(
      r.out,
      /query: sum\(rate\(node_http_requests_total\{appName="crocodile-api"\}\[2m\]\)\)/,
    );
    assert.match(r.out, /pollingInterval 30 s paces only KEDA's own loop/);
    assert.match(r.out, /no known traps found/);
    // The object as the API server stored and returned it says exactly what the file says.
    const file = await run(process.execPath, [EXPLAIN], { timeoutMs: 60_000 });
    const body = (s: string) => s.slice(s.indexOf('\n\n'));
    assert.equal(body(r.out), body(file.stdout));
  });

  it("one stored without KEDA's webhook is reported as KEDA would refuse it, with its reason", async () => {
    const r = await explain('--namespace=default', '--name=cpu-zero');
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /ScaledObject default\/cpu-zero/);
    assert.match(
      r.out,
      /REJECTED by KEDA \d+\.\d+\.\d+[^]*scaledobject has only cpu\/memory triggers AND minReplica is 0[^]*scaledobject_webhook\.go:497-513/,
    );
  });

  it("a name the cluster does not have: exit 2 with kubectl's words", async () => {
    const r = await explain('--namespace=default', '--name=nope');
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, /kubectl get scaledobject nope failed: .*not found/);
  });
});
