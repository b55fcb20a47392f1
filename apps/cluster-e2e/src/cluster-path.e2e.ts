/**
 * The cluster path as a user runs it (README "Verify autoscaling on a real cluster",
 * libs/k8s-manifests/scripts/e2e-cluster.sh): kube.sh platform, deploy, load, teardown, word for
 * word, against the local control plane, with the real k6-operator, KEDA, kube-state-metrics and a
 * Prometheus running our cluster config as its ServiceAccount. What differs from a real cluster is
 * listed in cluster-path/differences.ts and printed first.
 *
 * @e2e-needs cluster-binaries k6 prometheus-k8s k6-operator
 * @e2e-timeout 520
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveK6 } from '@loadlab/k6-runner';
import {
  canUnshareMounts,
  clusterBinaries,
  clusterVersions,
  FAKE_NODE,
  k6OperatorMissing,
  startK6Operator,
  startLocalCluster,
  type Component,
  type LocalCluster,
} from '@loadlab/local-cluster';
import { run, waitFor } from '@loadlab/process-supervisor';
import { LOCAL_K6, WORKSPACE_CLUSTER, WORKSPACE_ROOT } from '@loadlab/workspace';
import {
  prometheusK8sMissing,
  startClusterPrometheus,
  type ClusterPrometheus,
} from './cluster-path/cluster-prometheus.ts';
import { printDifferences } from './cluster-path/differences.ts';
import { initializerLogs } from './cluster-path/initializer-logs.ts';
import { startKubeletLogStandIn, type LogStandIn } from './cluster-path/kubelet-log-stand-in.ts';
import { panelChecks, type PanelCheck } from './cluster-path/panel-checks.ts';
import { testWorkloads, TEST_WORKLOADS } from './cluster-path/test-workloads.ts';

const KUBE = 'libs/k8s-manifests/scripts/kube.sh';
const NS = 'default';
const SUITE = 'scale-out';
const TESTRUN = `crocodile-${SUITE}`;
const PARALLELISM = 4;

const why = [
  clusterBinaries(WORKSPACE_CLUSTER.binDir).missing.length
    ? `control-plane binaries missing (${clusterBinaries(WORKSPACE_CLUSTER.binDir).missing.join(', ')}); npx nx run local-cluster:binaries`
    : undefined,
  k6OperatorMissing(WORKSPACE_CLUSTER.binDir),
  prometheusK8sMissing(),
  canUnshareMounts()
    ? undefined
    : 'unshare --mount is not permitted here (needs root or CAP_SYS_ADMIN)',
].filter(Boolean);
const skip = why.length ? why.join('; ') : undefined;
if (skip) console.log(`# SKIP cluster-path: ${skip}`);

describe(
  'the cluster path on the local control plane: platform, deploy, load, teardown',
  { skip },
  () => {
    const work = join(WORKSPACE_ROOT, 'reports/e2e-cluster-path');
    let cluster: LocalCluster;
    let operator: Component | undefined;
    let standIn: LogStandIn | undefined;
    let prom: ClusterPrometheus | undefined;
    let env: NodeJS.ProcessEnv;
    const log = (l: string) => console.log(`# ${l}`);

    /**
     * A README command, word for word, with KUBECONFIG pointing at the local cluster; bounded
     * (a timeout fails with a RunError). Its exit code is the test's to judge.
     */
    const sh = async (command: string, timeoutMs = 300_000) => {
      log(`$ ${command}`);
      const r = await run('bash', ['-c', command], {
        cwd: WORKSPACE_ROOT,
        env,
        timeoutMs,
        okExitCodes: 'any',
      });
      for (const l of `${r.stdout}${r.stderr}`.trimEnd().split('\n').slice(-12)) log(`  ${l}`);
      return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
    };
    const kubectlJson = async <T>(args: string[]) =>
      JSON.parse(await cluster.kubectl([...args, '-o', 'json'])) as T;

    before(async () => {
      printDifferences(log);
      await rm(work, { recursive: true, force: true });
      await mkdir(work, { recursive: true });
      cluster = await startLocalCluster({
        ...WORKSPACE_CLUSTER,
        workDir: join(work, 'cluster'),
        keda: true,
        kubeStateMetrics: true,
        log: (m) => log(`  ${m}`),
      });
      const record = join(work, 'image-record.json');
      // What `nx run crocodile-api:minikube-load` records; kwok pulls nothing, so nothing is built.
      await writeFile(record, JSON.stringify({ minikube: 'localhost/crocodile-api:dev' }));
      env = {
        ...process.env,
        KUBECONFIG: cluster.kubeconfig,
        IMAGE_RECORD: record,
        GRAFANA_ADMIN_PASSWORD: randomUUID(),
        LOADLAB_PLATFORM_SOURCE: 'vendored',
      };
    });

    after(async () => {
      await prom?.component.stop();
      await standIn?.stop();
      await operator?.stop();
      await cluster?.stop();
    });

    it('platform: the vendored, pinned CRDs and RBAC of KEDA and k6-operator, and it says so', async () => {
      const r = await sh(`bash ${KUBE} platform`);
      assert.equal(r.code, 0, r.stderr);
      const v = clusterVersions(WORKSPACE_CLUSTER.versionsEnv);
      assert.ok(
        r.stdout.includes(
          `vendored, pinned CRDs and RBAC of KEDA ${v.keda.slice(1)} and k6-operator ${v.k6Operator.slice(1)}`,
        ),
        r.stdout,
      );
      assert.match(r.stdout, /operators are NOT installed/);
      for (const crd of ['testruns.k6.io', 'scaledobjects.keda.sh', 'privateloadzones.k6.io']) {
        await cluster.kubectl(['get', 'crd', crd]);
      }
      // The operator runs as the ServiceAccount the bundle binds; its RBAC is what is exercised below.
      operator = await startK6Operator({
        binDir: WORKSPACE_CLUSTER.binDir,
        kubectl: cluster.kubectl,
        server: cluster.server,
        workDir: work,
        logDir: cluster.logDir,
      });
      log(
        `k6-operator (real, built from source) running as k6-operator-system/k6-operator-controller, PID ${operator.proc.pid}`,
      );
    });

    it('deploy --overlay=minikube: the stack is applied and both rollouts finish', async () => {
      const r = await sh(`bash ${KUBE} deploy --overlay=minikube`);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /crocodile-api image: localhost\/crocodile-api:dev/);
      assert.match(r.stdout, /deployment "crocodile-api" successfully rolled out/);
      assert.match(r.stdout, /deployment "prometheus" successfully rolled out/);
      // deploy waits for the two rollouts the load needs; Grafana comes up beside them.
      const grafana = await cluster.kubectl([
        '-n',
        'monitoring',
        'rollout',
        'status',
        'deployment/grafana',
        '--timeout=60s',
      ]);
      assert.match(grafana, /successfully rolled out/);
    });

    it('load: an unknown suite exits 2 naming the valid ones, and creates nothing', async () => {
      const r = await sh(`bash ${KUBE} load --suite=bogus`);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /unknown suite 'bogus'; valid: ramp scale-out/);
      assert.equal((await cluster.kubectl(['-n', NS, 'get', 'testruns', '-o', 'name'])).trim(), '');
    });

    it(`load --suite=${SUITE}: only that TestRun; the real k6-operator makes the initializer and ${PARALLELISM} runner Jobs`, async () => {
      standIn = await startKubeletLogStandIn({
        dir: work,
        node: FAKE_NODE,
        kubectl: cluster.kubectl,
        logs: initializerLogs({
          kubectl: cluster.kubectl,
          k6: resolveK6(process.env, LOCAL_K6),
          dir: join(work, 'initializer'),
        }),
      });
      const r = await sh(`bash ${KUBE} load --suite=${SUITE} --no-wait`);
      assert.equal(r.code, 0, r.stderr);
      const testruns = (await cluster.kubectl(['-n', NS, 'get', 'testruns', '-o', 'name'])).trim();
      assert.equal(testruns, `testrun.k6.io/${TESTRUN}`, 'only the chosen suite was applied');
      await waitFor(
        async () =>
          (await cluster.kubectl(['-n', NS, 'get', 'jobs', '-l', `k6_cr=${TESTRUN}`, '-o', 'name']))
            .split('\n')
            .filter(Boolean).length >=
            PARALLELISM + 1 || undefined,
        { what: 'the initializer and runner Jobs', timeoutMs: 120_000, intervalMs: 2000 },
      ).catch(() =>
        log('the runner Jobs did not all appear; the assertions below say what is there'),
      );
      log(`kubelet log stand-in served: ${standIn.served.join(', ') || 'nothing'}`);

      type Job = {
        metadata: { name: string; labels?: Record<string, string> };
        spec: {
          parallelism?: number;
          template: {
            spec: {
              containers: {
                name: string;
                image: string;
                command: string[];
                env?: { name: string; value?: string }[];
              }[];
            };
          };
        };
      };
      const jobs = (
        await kubectlJson<{ items: Job[] }>(['-n', NS, 'get', 'jobs', '-l', `k6_cr=${TESTRUN}`])
      ).items;
      log(`Jobs: ${jobs.map((j) => j.metadata.name).join(', ')}`);
      const init = jobs.find((j) => j.metadata.name === `${TESTRUN}-initializer`);
      assert.ok(init, 'the initializer Job');
      const pinned = /image: (\S+)/.exec(
        readFileSync(join(WORKSPACE_ROOT, 'libs/k8s-manifests/load/testruns.yaml'), 'utf8'),
      )![1]!;
      const ic = init.spec.template.spec.containers[0]!;
      assert.equal(ic.image, pinned);
      assert.match(
        ic.command.join(' '),
        /k6 archive \/test\/scale-out\.js[\s\S]*k6 inspect --execution-requirements/,
      );

      const runners = jobs
        .filter((j) => /-\d+$/.test(j.metadata.name))
        .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
      assert.equal(
        runners.length,
        PARALLELISM,
        `runner Jobs: ${runners.map((j) => j.metadata.name).join(', ')}; TestRun stage and the operator's log: ${await cluster.kubectl(['-n', NS, 'get', 'testrun', TESTRUN, '-o', 'jsonpath={.status.stage}']).catch((e: Error) => e.message)}; ${operator?.logFile}`,
      );
      const part = (i: number) => (i === 0 ? '0' : i === PARALLELISM ? '1' : `${i}/${PARALLELISM}`);
      const sequence = Array.from({ length: PARALLELISM + 1 }, (_, i) => part(i)).join(',');
      runners.forEach((job, k) => {
        const i = k + 1;
        const c = job.spec.template.spec.containers[0]!;
        const cmd = c.command.join(' ');
        assert.equal(c.image, pinned, `${job.metadata.name}: pinned runner image`);
        assert.ok(
          cmd.includes(`--execution-segment=${part(i - 1)}:${part(i)}`),
          `${job.metadata.name}: segment in ${cmd}`,
        );
        assert.ok(
          cmd.includes(`--execution-segment-sequence=${sequence}`),
          `${job.metadata.name}: sequence`,
        );
        assert.match(cmd, /--out experimental-prometheus-rw/);
        assert.match(cmd, /--tag testid=scale-out-cluster/);
        const rw = c.env?.find((e) => e.name === 'K6_PROMETHEUS_RW_SERVER_URL')?.value;
        assert.equal(rw, 'http://prometheus.monitoring.svc.cluster.local:9090/api/v1/write');
        assert.ok(c.env?.some((e) => e.name === 'K6_FEATURES' && e.value === 'native-histograms'));
        // Each runner's samples carry its pod name: Kubernetes expands $(POD_NAME) in the command.
        assert.match(cmd, /--tag instance=\$\(POD_NAME\)/);
        assert.ok(c.env?.some((e) => e.name === 'POD_NAME'));
      });
      log('runner pods are SIMULATED by kwok: scheduled and marked done, no k6 ran in them');
      log(
        `TestRun ${TESTRUN} stage: ${await cluster.kubectl(['-n', NS, 'get', 'testrun', TESTRUN, '-o', 'jsonpath={.status.stage}'])}`,
      );
    });

    it('load waits for the TestRun: simulated runners never report, so a bounded wait exits 1 naming the stage', async () => {
      const uid = () =>
        cluster.kubectl(['-n', NS, 'get', 'testrun', TESTRUN, '-o', 'jsonpath={.metadata.uid}']);
      const before = await uid();
      const t0 = Date.now();
      const r = await sh(`bash ${KUBE} load --suite=${SUITE} --timeout=30`, 120_000);
      const waited = (Date.now() - t0) / 1000;
      assert.equal(r.code, 1, r.stderr);
      assert.match(
        r.stderr,
        /TestRun crocodile-scale-out not finished after 30s \(stage (initialization|initialized|created|started)\)/,
      );
      assert.match(r.stdout, /TestRun crocodile-scale-out: /, 'it reports the stages it saw');
      assert.ok(waited >= 30, `it waited ${waited} s`);
      assert.notEqual(await uid(), before, 'load replaced the TestRun with a new one');
    });

    it('Prometheus runs our cluster config as the prometheus ServiceAccount: discovered pods carry namespace, pod and app labels', async () => {
      const ksm = cluster.kubeStateMetricsAddress!;
      const keda = cluster.processes.find((p) => p.name === 'keda-operator')!;
      const kedaMetrics = readFileSync(`/proc/${keda.pid}/cmdline`, 'utf8')
        .split('\0')
        .find((a) => a.startsWith('--metrics-bind-address='))!
        .split('=')[1]!;
      prom = await startClusterPrometheus({
        kubectl: cluster.kubectl,
        server: cluster.server,
        dir: join(work, 'prometheus'),
        logDir: cluster.logDir,
        kubeStateMetrics: ksm,
        kedaOperatorMetrics: kedaMetrics,
      });
      // KEDA on the host reaches Prometheus on loopback (differences.ts).
      await cluster.kubectl([
        '-n',
        NS,
        'patch',
        'scaledobject',
        'crocodile-api',
        '--type=json',
        '-p',
        JSON.stringify([
          { op: 'replace', path: '/spec/triggers/0/metadata/serverAddress', value: prom.url },
        ]),
      ]);
      type Target = {
        labels: Record<string, string>;
        scrapePool: string;
        health: string;
        lastError: string;
      };
      const targets = async () =>
        (
          (await (await fetch(`${prom!.url}/api/v1/targets`)).json()) as {
            data: { activeTargets: Target[] };
          }
        ).data.activeTargets;
      const api = await waitFor(
        async () => {
          const t = (await targets()).filter(
            (x) => x.scrapePool === 'kubernetes-pods' && x.labels['namespace'] === NS,
          );
          return t.length > 0 ? t : undefined;
        },
        {
          what: 'crocodile-api pods discovered through the API server',
          timeoutMs: 60_000,
          intervalMs: 1000,
        },
      );
      for (const t of api) {
        log(
          `kubernetes-pods target: ${JSON.stringify(t.labels)} health=${t.health} ${t.lastError}`,
        );
        assert.equal(t.labels['namespace'], NS);
        assert.match(t.labels['pod'] ?? '', /^crocodile-api-/);
        assert.equal(t.labels['app_kubernetes_io_name'], 'crocodile-api');
      }
      for (const t of (await targets()).filter((x) => x.health === 'down')) {
        log(`not scraped (${t.scrapePool}): ${t.lastError}`);
      }
      log(
        `prometheus ServiceAccount may get nodes/proxy: ${await cluster
          .kubectl([
            'auth',
            'can-i',
            'get',
            'nodes/proxy',
            '--as=system:serviceaccount:monitoring:prometheus',
          ])
          .catch((e: Error) => e.message)}`,
      );
      const pools = new Set((await targets()).map((t) => t.scrapePool));
      log(`scrape pools with targets: ${[...pools].sort().join(', ')}`);
      assert.ok(pools.has('kube-state-metrics'));
    });

    it('every cluster-dashboard panel returns data from the live kube-state-metrics and KEDA series', async () => {
      await cluster.kubectl(['apply', '-f', '-'], testWorkloads());
      await waitFor(
        async () =>
          (await cluster.kubectl(['-n', NS, 'get', 'statefulset,daemonset', '-o', 'name']))
            .split('\n')
            .filter(Boolean).length === TEST_WORKLOADS.length || undefined,
        { what: 'the test StatefulSet and DaemonSet', timeoutMs: 30_000, intervalMs: 1000 },
      );
      const checks: PanelCheck[] = await waitFor(
        async () => {
          const c = await panelChecks(prom!.api, { namespace: NS, app: 'crocodile-api' });
          return c.filter((x) => x.needs === 'live').every((x) => x.series > 0) ? c : undefined;
        },
        {
          what: 'data in every kube-state-metrics and KEDA panel',
          timeoutMs: 120_000,
          intervalMs: 5000,
        },
      ).catch(async () => panelChecks(prom!.api, { namespace: NS, app: 'crocodile-api' }));
      for (const c of checks)
        log(
          `${c.series > 0 ? 'data  ' : c.needs === 'live' ? 'EMPTY ' : 'unproven'} ${c.dashboard} / ${c.panel}${c.legend ? ` / ${c.legend}` : ''}: ${c.series} series${c.needs === 'kubelet' ? ' (needs the kubelet/cAdvisor: unproven until pods really run)' : ''}`,
        );
      const empty = checks.filter((c) => c.needs === 'live' && c.series === 0);
      assert.deepEqual(
        empty.map((c) => `${c.dashboard} / ${c.panel} / ${c.query}`),
        [],
      );
      assert.ok(
        checks.some((c) => c.needs === 'live' && /keda_/.test(c.query)),
        'a KEDA panel was checked',
      );
      for (const w of TEST_WORKLOADS) {
        assert.ok(
          checks.some((c) => c.needs === 'live' && c.series > 0 && c.query.includes(w.metric)),
          `a panel shows the test ${w.kind}`,
        );
      }
    });

    it('teardown removes what deploy and load made', async () => {
      const r = await sh(`bash ${KUBE} teardown --overlay=minikube`, 240_000);
      assert.equal(r.code, 0, r.stderr);
      const left = async (args: string[]) =>
        (await cluster.kubectl([...args, '-o', 'name', '--ignore-not-found'])).trim();
      assert.equal(
        await left([
          '-n',
          NS,
          'get',
          'testruns,deployments,services,scaledobjects,configmaps,secrets',
          '-l',
          'app.kubernetes.io/part-of=loadlab',
        ]),
        '',
      );
      assert.equal(await left(['-n', NS, 'get', 'testrun', TESTRUN]), '');
      assert.equal(await left(['-n', NS, 'get', 'deployment', 'crocodile-api']), '');
      assert.equal(await left(['-n', NS, 'get', 'secret', 'regcred']), '');
      assert.equal(await left(['get', 'clusterrole', 'prometheus']), '');
      const ns = await left(['get', 'namespace', 'monitoring']);
      assert.ok(
        ns === '' ||
          (await cluster.kubectl([
            'get',
            'namespace',
            'monitoring',
            '-o',
            'jsonpath={.status.phase}',
          ])) === 'Terminating',
      );
    });
  },
);
