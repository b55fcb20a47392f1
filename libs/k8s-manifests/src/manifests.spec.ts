/**
 * Offline validation of everything the cluster would get (no cluster here):
 * drift, kustomize renders, schemas, promtool/amtool, kube-score and policy,
 * name references under namePrefix, and what the overlays may change.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { IMAGES, NAMES, NS, PROMETHEUS_URL } from './constants.ts';
import { drift, GENERATED_DIRS, ROOT } from './generate.ts';
import { KUBE_SCORE_EXCEPTIONS, SECRET_ENV_NAME } from './policy.ts';
import { findObject, renderOverlay, type K8sObject } from '@loadlab/e2e-fixtures';
import { inTempDir, tool } from './validate/promtool.ts';
import { ruleTests } from './validate/rule-tests.ts';
import { validateObject } from './validate/schemas.ts';

const OVERLAYS = ['minikube', 'aks'];
const rendered = Object.fromEntries(
  OVERLAYS.map((o) => [o, renderOverlay(join(ROOT, 'overlays', o))]),
);
const base = renderOverlay(join(ROOT, 'base'));
const load = renderOverlay(join(ROOT, 'load'));
const KUBE_SCORE = join(ROOT, '../../.tools/bin/kube-score');
// Pinned to the image's Prometheus, with Kubernetes SD (tools/setup/ensure-promtool.sh).
const PROMTOOL = join(ROOT, '../../.tools/promtool/promtool');

const configMapFile = (objs: K8sObject[], prefix: string, file: string): string => {
  const cm = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith(prefix));
  assert.ok(cm?.data?.[file], `${prefix} ConfigMap has ${file}`);
  return cm.data[file];
};

describe('k8s manifests', () => {
  it('are exactly what the generator makes (no hand edits, no stale output)', async () => {
    assert.deepEqual(await drift(), []);
  });

  it('the drift check catches a hand edit', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'k8s-drift-'));
    try {
      for (const d of GENERATED_DIRS) cpSync(join(ROOT, d), join(copy, d), { recursive: true });
      writeFileSync(join(copy, 'base/crocodile-api.yaml'), '# edited by hand\n');
      assert.deepEqual(await drift(`${copy}/`), ['base/crocodile-api.yaml']);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  for (const [name, objs] of [
    ...Object.entries(rendered),
    ['base', base],
    ['load', load],
  ] as const) {
    it(`${name}: renders, and every object validates against its schema`, () => {
      assert.ok(objs.length > 0);
      assert.deepEqual(objs.flatMap(validateObject), []);
    });
  }

  it('the crocodile-api Deployment leaves replicas to the HPA and drains in time', () => {
    const d = findObject(base, 'Deployment', NAMES.api)!;
    assert.equal(d.spec.replicas, undefined, 'no spec.replicas');
    const c = d.spec.template.spec.containers[0];
    assert.equal(c.readinessProbe.httpGet.path, '/readyz');
    assert.equal(c.livenessProbe.httpGet.path, '/livez');
    const preStop = c.lifecycle.preStop.sleep.seconds;
    const drainMs = Number(
      c.env.find((e: { name: string }) => e.name === 'SHUTDOWN_TIMEOUT_MS').value,
    );
    assert.ok(
      preStop + drainMs / 1000 < d.spec.template.spec.terminationGracePeriodSeconds,
      'preStop + drain fit in the grace period',
    );
    assert.deepEqual(c.securityContext.capabilities.drop, ['ALL']);
    assert.equal(c.securityContext.readOnlyRootFilesystem, true);
    assert.equal(d.spec.template.spec.securityContext.seccompProfile.type, 'RuntimeDefault');
    assert.equal(d.spec.template.metadata.annotations['prometheus.io/scrape'], 'true');
  });

  it('the ScaledObject: in-cluster Prometheus by DNS name, the canonical query, 50 req/s, 1-10 replicas', () => {
    const so = findObject(base, 'ScaledObject', NAMES.api)!;
    const t = so.spec.triggers[0];
    assert.equal(t.metadata.serverAddress, PROMETHEUS_URL);
    assert.match(
      t.metadata.serverAddress,
      /^http:\/\/prometheus\.monitoring\.svc\.cluster\.local:9090$/,
    );
    assert.equal(
      t.metadata.query,
      'sum(rate(node_http_requests_total{appName="crocodile-api"}[2m]))',
    );
    assert.deepEqual([t.metadata.threshold, t.metadata.activationThreshold], ['50', '5']);
    assert.deepEqual([so.spec.minReplicaCount, so.spec.maxReplicaCount], [1, 10]);
    assert.equal(
      so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds,
      60,
    );
    assert.equal(so.spec.cooldownPeriod, undefined, 'ignored by KEDA with minReplicaCount >= 1');
  });

  it('Prometheus: promtool check config (six scrape jobs on endpointslice) and check rules', () => {
    const config = configMapFile(base, 'prometheus-config', 'prometheus.yml');
    const rules = configMapFile(base, 'prometheus-config', 'rules.yml');
    const out = inTempDir(
      { 'prometheus.yml': config, 'rules.yml': rules },
      (dir) =>
        // --syntax-only: the service-account token it references exists only inside the pod; the rules are checked next.
        tool(PROMTOOL, ['check', 'config', '--syntax-only', 'prometheus.yml'], dir) +
        tool(PROMTOOL, ['check', 'rules', 'rules.yml'], dir),
    );
    assert.match(out, /SUCCESS/);
    const jobs = [...config.matchAll(/job_name: (\S+)/g)].map((m) => m[1]);
    assert.deepEqual(jobs, [
      'kubernetes-apiservers',
      'kubernetes-nodes',
      'kubernetes-pods',
      'kube-state-metrics',
      'kubernetes-cadvisor',
      'kubernetes-service-endpoints',
    ]);
    assert.doesNotMatch(config, /role: endpoints\b/);
    assert.match(config, /alertmanager\.monitoring\.svc:9093/);
  });

  it('every alert has a passing promtool test rules case', () => {
    const rules = configMapFile(base, 'prometheus-config', 'rules.yml');
    const tests = ruleTests('rules.yml');
    const alerts = [...rules.matchAll(/- alert: (\S+)/g)].map((m) => m[1]);
    const tested = new Set(
      tests.tests.flatMap((t) =>
        t.alert_rule_test.filter((a) => a.exp_alerts.length).map((a) => a.alertname),
      ),
    );
    assert.deepEqual(
      alerts.filter((a) => !tested.has(a!)),
      [],
      'an alert without a firing test case',
    );
    const out = inTempDir({ 'rules.yml': rules, 'rules.test.yml': stringify(tests) }, (dir) =>
      tool(PROMTOOL, ['test', 'rules', 'rules.test.yml'], dir),
    );
    assert.match(out, /SUCCESS/);
  });

  it('promtool is pinned to the Prometheus image it checks for', () => {
    const goMod = readFileSync(join(ROOT, '../../tools/promtool/go.mod'), 'utf8');
    const image = IMAGES.prometheus.split(':v')[1]!; // 2.53.4; the Go module is v0.53.4
    assert.match(
      goMod,
      new RegExp(
        `github.com/prometheus/prometheus v0\\.${image.split('.').slice(1).join('\\.')}\\b`,
      ),
    );
  });

  it('Alertmanager: amtool check-config', () => {
    const config = configMapFile(base, 'alertmanager-config', 'alertmanager.yml');
    assert.match(
      inTempDir({ 'alertmanager.yml': config }, (dir) =>
        tool('amtool', ['check-config', 'alertmanager.yml'], dir),
      ),
      /SUCCESS/,
    );
  });

  for (const overlay of OVERLAYS) {
    it(`${overlay}: kube-score passes (exceptions: ${Object.keys(KUBE_SCORE_EXCEPTIONS).length}, each justified in policy.ts)`, () => {
      const ignores = Object.keys(KUBE_SCORE_EXCEPTIONS).flatMap((t) => ['--ignore-test', t]);
      const manifests = rendered[overlay]!.map((o) => stringify(o)).join('---\n');
      inTempDir({ 'all.yaml': manifests }, (dir) =>
        tool(KUBE_SCORE, ['score', '--output-format', 'ci', ...ignores, 'all.yaml'], dir),
      );
    });
  }

  it('policy: pinned images, no credential literals, no LoadBalancer in base, ClusterIP-only monitoring', () => {
    for (const [name, objs] of Object.entries({ ...rendered, base, load })) {
      for (const o of objs) {
        const pod = o.kind === 'Deployment' ? o.spec.template.spec : undefined;
        for (const c of pod?.containers ?? []) {
          assert.match(c.image, /:[\w.-]+$/, `${name} ${o.metadata.name}: tagged image`);
          assert.doesNotMatch(c.image, /:latest$/, `${name} ${o.metadata.name}: no :latest`);
          for (const e of c.env ?? []) {
            if (SECRET_ENV_NAME.test(e.name))
              assert.equal(
                e.value,
                undefined,
                `${name} ${o.metadata.name}: ${e.name} comes from a Secret`,
              );
          }
        }
        for (const e of o.kind === 'TestRun' ? o.spec.runner.env : []) {
          if (SECRET_ENV_NAME.test(e.name))
            assert.equal(e.value, undefined, `${e.name} comes from a Secret`);
        }
      }
      assert.ok(!objs.some((o) => o.kind === 'Secret'), `${name}: no Secret objects in git`);
    }
    assert.ok(
      !base.some((o) => o.kind === 'Service' && o.spec.type === 'LoadBalancer'),
      'no LoadBalancer in base',
    );
    for (const o of rendered.aks!.filter(
      (x) => x.kind === 'Service' && x.metadata.namespace === NS.monitoring,
    )) {
      assert.equal(
        o.spec.type,
        'ClusterIP',
        `${o.metadata.name} is not exposed outside the cluster`,
      );
    }
  });

  it("scaleTargetRef and the TestRuns' script ConfigMap follow namePrefix", () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-prefix-'));
    try {
      // kustomize wants relative paths to other kustomizations.
      writeFileSync(
        join(dir, 'kustomization.yaml'),
        stringify({
          namePrefix: 'team-',
          resources: [relative(dir, join(ROOT, 'base')), relative(dir, join(ROOT, 'load'))],
        }),
      );
      const objs = renderOverlay(dir);
      const so = objs.find((o) => o.kind === 'ScaledObject')!;
      assert.equal(so.spec.scaleTargetRef.name, `team-${NAMES.api}`);
      assert.ok(findObject(objs, 'Deployment', `team-${NAMES.api}`));
      const cm = objs.find(
        (o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('team-k6-scripts'),
      )!;
      for (const tr of objs.filter((o) => o.kind === 'TestRun'))
        assert.equal(tr.spec.script.configMap.name, cm.metadata.name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('overlays differ only in image, Service type, resources and the pull secret', () => {
    const allowed = [
      /\.image$/,
      /\.imagePullPolicy$/,
      /\.resources(\.|$)/,
      /\.imagePullSecrets/,
      /^Service\/crocodile-api\.spec\.type$/,
    ];
    const flat = (o: unknown, path: string, out: Map<string, unknown>) => {
      if (o && typeof o === 'object')
        for (const [k, v] of Object.entries(o)) flat(v, path ? `${path}.${k}` : k, out);
      else out.set(path, o);
      return out;
    };
    const index = (objs: K8sObject[]) =>
      flat(Object.fromEntries(objs.map((o) => [`${o.kind}/${o.metadata.name}`, o])), '', new Map());
    const a = index(rendered.minikube!);
    const b = index(rendered.aks!);
    const differing = [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
    assert.ok(differing.length > 0);
    const unexpected = differing.filter((k) => !allowed.some((r) => r.test(k)));
    assert.deepEqual(unexpected, []);
  });
});
