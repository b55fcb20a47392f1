/**
 * kube.sh on a cluster it does not own, on the local control plane: deploy refuses objects that
 * exist and that loadlab did not make, and names them; --adopt takes them over, and teardown then
 * leaves them; teardown removes what deploy made, found by loadlab's label, and a namespace only
 * when nothing of anyone else's is in it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { clusterBinaries, startLocalCluster, type LocalCluster } from '@loadlab/local-cluster';
import { runSync } from '@loadlab/process-supervisor';
import { WORKSPACE_CLUSTER, WORKSPACE_ROOT } from '@loadlab/workspace';

const KUBE = join(WORKSPACE_ROOT, 'libs/k8s-manifests/scripts/kube.sh');
const { missing } = clusterBinaries(WORKSPACE_CLUSTER.binDir);
const skip = missing.length
  ? `control-plane binaries missing (${missing.join(', ')}); npx nx run local-cluster:binaries builds them`
  : undefined;
if (skip) console.log(`# SKIP kube-ownership: ${skip}`);

describe('kube.sh on a cluster it does not own', { skip }, () => {
  let cluster: LocalCluster;
  const workDir = join(WORKSPACE_ROOT, 'reports/e2e-kube-ownership');
  const kube = (...args: string[]) => {
    const r = runSync('bash', [KUBE, ...args], {
      okExitCodes: 'any',
      timeoutMs: 300_000,
      env: {
        ...process.env,
        KUBECONFIG: cluster.kubeconfig,
        GRAFANA_ADMIN_PASSWORD: randomUUID(),
        LOADLAB_PLATFORM_SOURCE: 'vendored',
      },
    });
    return { code: r.exitCode, out: `${r.stdout}${r.stderr}` };
  };
  /** The object's labels, or undefined when it does not exist. */
  const labels = async (...what: string[]) => {
    const out = await cluster.kubectl(['get', ...what, '--ignore-not-found', '-o', 'json']);
    return out.trim() ? (JSON.parse(out).metadata.labels ?? {}) : undefined;
  };
  const deploy = (...extra: string[]) =>
    kube('deploy', '--overlay=minikube', '--image=localhost/crocodile-api:dev', ...extra);

  before(async () => {
    await rm(workDir, { recursive: true, force: true });
    cluster = await startLocalCluster({ ...WORKSPACE_CLUSTER, workDir });
    const platform = kube('platform');
    assert.equal(platform.code, 0, platform.out);
  });
  after(() => cluster?.stop());

  it('deploy refuses what it did not make, names it, and changes nothing', async () => {
    await cluster.kubectl(['create', 'namespace', 'monitoring']);
    await cluster.kubectl(['-n', 'monitoring', 'create', 'configmap', 'users-own']);
    await cluster.kubectl(['create', 'clusterrole', 'prometheus', '--verb=get', '--resource=pods']);
    const r = deploy();
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, /^kube context: .*; namespaces: default monitoring$/m);
    assert.match(r.out, /these objects exist and were not made by loadlab/);
    assert.match(r.out, /^ {2}Namespace monitoring$/m);
    assert.match(r.out, /^ {2}ClusterRole prometheus$/m);
    assert.equal(await labels('deployment', 'crocodile-api', '-n', 'default'), undefined);
    assert.equal(
      (await labels('clusterrole', 'prometheus'))?.['app.kubernetes.io/managed-by'],
      undefined,
    );
  });

  it('--adopt takes them over, marked; teardown removes only what deploy made', async () => {
    const r = deploy('--adopt');
    assert.equal(r.code, 0, r.out);
    assert.equal((await labels('namespace', 'monitoring'))?.['loadlab.dev/adopted'], 'true');
    assert.equal(
      (await labels('deployment', 'crocodile-api', '-n', 'default'))?.[
        'app.kubernetes.io/managed-by'
      ],
      'loadlab',
    );
    const t = kube('teardown', '--overlay=minikube');
    assert.equal(t.code, 0, t.out);
    assert.equal(
      await labels('deployment', 'crocodile-api', '-n', 'default'),
      undefined,
      `ours: gone\n${t.out}`,
    );
    assert.equal(
      await labels('clusterrole', 'kube-state-metrics'),
      undefined,
      `ours: gone\n${t.out}`,
    );
    assert.equal(
      await labels('secret', 'grafana-admin', '-n', 'monitoring'),
      undefined,
      `ours: gone\n${t.out}`,
    );
    assert.notEqual(await labels('clusterrole', 'prometheus'), undefined, 'adopted: kept');
    assert.notEqual(await labels('namespace', 'monitoring'), undefined, 'adopted: kept');
    assert.notEqual(
      await labels('configmap', 'users-own', '-n', 'monitoring'),
      undefined,
      'theirs: kept',
    );
  });

  it('on a clean cluster, teardown removes its namespace too, and keeps one that holds something else', async () => {
    await cluster.kubectl(['delete', 'namespace', 'monitoring', '--wait=true']);
    await cluster.kubectl(['delete', 'clusterrole', 'prometheus']);
    const first = deploy();
    assert.equal(first.code, 0, first.out);
    const gone = kube('teardown', '--overlay=minikube');
    assert.equal(gone.code, 0, gone.out);
    const ns = await cluster.kubectl([
      'get',
      'namespace',
      'monitoring',
      '--ignore-not-found',
      '-o',
      'name',
    ]);
    assert.ok(
      ns.trim() === '' ||
        /Terminating/.test(
          await cluster.kubectl(['get', 'namespace', 'monitoring', '--ignore-not-found']),
        ),
      'ours and empty: deleted',
    );

    await cluster
      .kubectl(['wait', '--for=delete', 'namespace/monitoring', '--timeout=120s'])
      .catch(() => undefined);
    const second = deploy();
    assert.equal(second.code, 0, second.out);
    const again = deploy();
    assert.equal(again.code, 0, `a second deploy over its own objects: ${again.out}`);
    await cluster.kubectl(['-n', 'monitoring', 'create', 'configmap', 'added-later']);
    const kept = kube('teardown', '--overlay=minikube');
    assert.equal(kept.code, 0, kept.out);
    assert.match(
      kept.out,
      /keeping namespace monitoring: it holds objects loadlab did not make: ConfigMap added-later/,
    );
    assert.notEqual(await labels('configmap', 'added-later', '-n', 'monitoring'), undefined);
    assert.equal(
      await labels('deployment', 'prometheus', '-n', 'monitoring'),
      undefined,
      'ours: gone',
    );
  });
  it('teardown --dry-run reads the cluster and prints exactly the deletes a real teardown runs, changing nothing', async () => {
    const d = deploy();
    assert.equal(d.code, 0, d.out);
    const dry = kube('teardown', '--overlay=minikube', '--dry-run');
    assert.equal(dry.code, 0, dry.out);
    assert.match(dry.out, /dry run: reading the cluster \(nothing is changed\)/);
    const deletes = dry.out.split('\n').filter((l) => l.startsWith('+ kubectl'));
    assert.ok(
      deletes.includes('+ kubectl -n default delete Deployment crocodile-api --ignore-not-found'),
      dry.out,
    );
    assert.ok(!deletes.some((l) => /added-later|namespace monitoring/.test(l)), dry.out);
    assert.match(dry.out, /keeping namespace monitoring: .*ConfigMap added-later/);
    assert.notEqual(
      await labels('deployment', 'crocodile-api', '-n', 'default'),
      undefined,
      'the dry run changed nothing',
    );
    // The real teardown removes exactly the objects the dry run named.
    const real = kube('teardown', '--overlay=minikube');
    assert.equal(real.code, 0, real.out);
    for (const l of deletes) {
      const m = /^\+ kubectl (?:-n (\S+) )?delete (\S+) (\S+) --ignore-not-found$/.exec(l);
      assert.ok(m, `a delete line: ${l}`);
      const [, ns, kind, name] = m;
      assert.equal(
        await labels(kind!, name!, ...(ns ? ['-n', ns] : [])),
        undefined,
        `${kind} ${name}: named by the dry run, deleted by the real run`,
      );
    }
    assert.notEqual(await labels('configmap', 'added-later', '-n', 'monitoring'), undefined);
  });
});
