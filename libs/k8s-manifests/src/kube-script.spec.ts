/**
 * scripts/kube.sh without a cluster: every mutating command's --dry-run prints what it would run,
 * deploy takes the image crocodile-api's image targets recorded, and secrets never reach the output.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runSync } from '@loadlab/process-supervisor';
import { makeTempDir } from '@loadlab/testkit';
import { PLATFORM } from './constants.ts';
import { ROOT } from './generate.ts';

const KUBE = join(ROOT, 'scripts/kube.sh');
// Made up per run, so no credential-like literal sits in git.
const grafanaPassword = randomUUID();
const registryPassword = randomUUID();
const kube = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runSync('bash', [KUBE, ...args], { okExitCodes: 'any', env: { ...process.env, ...env } });

/** The commands a --dry-run prints. */
const commands = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('+ '));

describe('kube.sh', () => {
  it('platform --dry-run installs the pinned KEDA and k6-operator', () => {
    const r = kube(['platform', '--dry-run']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(
      r.stdout.split('\n')[0]!,
      /^kube context: .*; namespaces: keda, k6-operator-system/,
    );
    assert.deepEqual(commands(r.stdout), [
      `+ kubectl apply --server-side -f ${PLATFORM.keda.url}`,
      `+ kubectl apply --server-side -f ${PLATFORM.k6Operator.url}`,
    ]);
  });

  it('deploy --dry-run uses the image docker-push recorded, and prints no secret', async () => {
    const dir = await makeTempDir('kube-deploy-');
    try {
      const record = join(dir.path, 'crocodile-api.json');
      writeFileSync(
        record,
        JSON.stringify({
          local: 'localhost/crocodile-api:abc',
          pushed: 'reg.example.com/crocodile-api:abc',
        }),
      );
      const secrets = {
        GRAFANA_ADMIN_PASSWORD: grafanaPassword,
        REGISTRY_SERVER: 'reg.example.com',
        REGISTRY_USERNAME: 'ci',
        REGISTRY_PASSWORD: registryPassword,
      };
      const r = kube(['deploy', '--overlay=aks', '--dry-run'], {
        IMAGE_RECORD: record,
        ...secrets,
      });
      assert.equal(r.exitCode, 0, r.stderr);
      assert.match(r.stdout, /^crocodile-api image: reg\.example\.com\/crocodile-api:abc$/m);
      assert.match(
        r.stdout,
        /^\+ kubectl apply --server-side --force-conflicts -f \S+rendered\.yaml$/m,
      );
      assert.ok(
        r.stdout.indexOf('kube context:') < r.stdout.indexOf('+ '),
        'the context is printed before any command',
      );
      assert.match(r.stdout, /^\+ kubectl get -f .* # refuses objects loadlab did not make$/m);
      assert.match(
        r.stdout,
        /create secret docker-registry regcred .*--docker-password=<from env>/,
      );
      for (const value of [grafanaPassword, registryPassword]) {
        assert.ok(!(r.stdout + r.stderr).includes(value), 'a secret value reached the output');
      }
    } finally {
      await dir.remove();
    }
  });

  it('deploy without a recorded image stops before touching the cluster, naming the target to run', () => {
    const r = kube(['deploy', '--overlay=minikube'], {
      IMAGE_RECORD: '/nonexistent.json',
      GRAFANA_ADMIN_PASSWORD: 'x',
    });
    assert.equal(r.exitCode, 2);
    assert.match(
      r.stderr,
      /no crocodile-api image recorded for minikube; run nx run crocodile-api:minikube-load first/,
    );
    assert.doesNotMatch(r.stdout, /kubectl/);
  });

  it('teardown --dry-run deletes each object deploy and load made, only if labelled loadlab', () => {
    const r = kube(['teardown', '--overlay=minikube', '--dry-run']);
    assert.equal(r.exitCode, 0, r.stderr);
    const deletes = commands(r.stdout);
    assert.ok(deletes.length > 20, deletes.join('\n'));
    for (const d of deletes)
      assert.match(
        d,
        /^\+ kubectl delete \S+ \S+( -n \S+)? --ignore-not-found {3}# only if labelled/,
      );
    for (const obj of [
      'TestRun crocodile-ramp -n default',
      'Secret grafana-admin -n monitoring',
      'Secret regcred -n default',
      'Deployment crocodile-api -n default',
      'ClusterRole prometheus',
      'Namespace monitoring',
    ])
      assert.ok(
        deletes.some((d) => d.includes(`delete ${obj} `)),
        obj,
      );
    assert.ok(
      deletes.findIndex((d) => d.includes('TestRun')) <
        deletes.findIndex((d) => d.includes('Deployment')),
      'the load goes before the stack',
    );
    assert.doesNotMatch(r.stdout, /delete -k/);
  });

  it('platform --vendored --dry-run applies the pinned CRDs and RBAC from platform/ and says the operators are not installed', () => {
    const r = kube(['platform', '--vendored', '--dry-run']);
    assert.equal(r.exitCode, 0, r.stderr);
    for (const { vendored } of Object.values(PLATFORM))
      assert.ok(
        r.stdout
          .split('\n')
          .some((l) => /apply --server-side -f \S+$/.test(l) && l.endsWith(`/${vendored}`)),
        vendored,
      );
    assert.match(r.stdout, /operators are NOT installed/);
  });

  it('load --suite=X --dry-run replaces only TestRun X (and the scripts), never the other suites', () => {
    const r = kube(['load', '--suite=ramp', '--dry-run']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.deepEqual(commands(r.stdout).slice(0, 2), [
      '+ kubectl -n default delete testrun crocodile-ramp --ignore-not-found --cascade=foreground --wait=true',
      `+ kubectl apply --server-side -k ${join(ROOT, 'load')} -l loadlab.dev/suite in (ramp,all)`,
    ]);
    assert.doesNotMatch(r.stdout, /scale-out/);
  });

  it('load: a cluster that cannot be reached is said so, not "the TestRun CRD is not installed"', async () => {
    const dir = await makeTempDir('kube-');
    try {
      // A real kubectl against a port nothing listens on.
      const config = join(dir.path, 'kubeconfig');
      writeFileSync(
        config,
        [
          'apiVersion: v1',
          'kind: Config',
          'clusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]',
          'contexts: [{name: c, context: {cluster: c, user: u}}]',
          'current-context: c',
          // A token, so kubectl does not stop to ask for a password.
          'users: [{name: u, user: {token: t}}]',
          '',
        ].join('\n'),
      );
      const down = kube(['load', '--suite=ramp'], { KUBECONFIG: config });
      assert.equal(down.exitCode, 2, down.stderr);
      // Without kubectl on PATH the shell says so instead, which is named too.
      assert.match(
        down.stderr,
        /could not ask the cluster for the TestRun CRD: .*(refused|Unable to connect|kubectl: command not found).*is the cluster up/,
      );
      assert.doesNotMatch(down.stderr, /not installed/);
      // A cluster without the CRD (scripted: a real one cannot be made here on demand).
      const bin = join(dir.path, 'bin');
      mkdirSync(bin);
      const fake = join(bin, 'kubectl');
      writeFileSync(
        fake,
        `#!/bin/sh\necho 'Error from server (NotFound): customresourcedefinitions.apiextensions.k8s.io "testruns.k6.io" not found' >&2\nexit 1\n`,
      );
      chmodSync(fake, 0o755);
      const missing = kube(['load', '--suite=ramp'], { PATH: `${bin}:${process.env.PATH}` });
      assert.equal(missing.exitCode, 2, missing.stderr);
      assert.match(
        missing.stderr,
        /the TestRun CRD \(k6-operator\) is not installed; run nx run k8s-manifests:platform first/,
      );
    } finally {
      await dir.remove();
    }
  });

  it('load --parallelism --testid --env --dry-run: the TestRun as this run changes it, the rest as rendered', () => {
    const r = kube([
      'load',
      '--suite=scale-out',
      '--parallelism=3',
      '--testid=demo-42',
      '--env=BASE_URL=http://10.96.0.10:4000',
      '--env=RATE=240',
      '--dry-run',
    ]);
    assert.equal(r.exitCode, 0, r.stderr);
    const line = /^dry run: TestRun crocodile-scale-out: (.*)$/m.exec(r.stdout)?.[1];
    assert.ok(line, r.stdout);
    assert.match(line, /^parallelism 3; /);
    assert.match(line, /arguments --tag testid=demo-42 --tag suite=scale-out /);
    assert.doesNotMatch(line, /scale-out-cluster/, 'the rendered testid is replaced everywhere');
    // Replaced by name, once; the others kept.
    assert.match(line, /env .*BASE_URL=http:\/\/10\.96\.0\.10:4000/);
    assert.equal(line.match(/BASE_URL=/g)?.length, 1);
    assert.match(line, /TESTID=demo-42/);
    assert.match(line, /RATE=240/);
    assert.match(line, /K6_FEATURES=native-histograms/);
    assert.match(commands(r.stdout)[1]!, /^\+ kubectl apply --server-side -f \S+\.json$/);
  });

  it('load: a bad --parallelism, --testid or --env exits 2 naming the fix, before anything runs', () => {
    for (const [arg, message] of [
      [
        '--parallelism=0',
        /--parallelism must be a whole number of runner pods from 1 to 64, got '0'/,
      ],
      ['--parallelism=65', /from 1 to 64, got '65'/],
      ['--parallelism=two', /from 1 to 64, got 'two'/],
      ['--testid=a b', /--testid must be letters, digits, '\.', '_' or '-'/],
      ['--testid=x"}', /--testid must be letters/],
      ['--env=RATE', /--env must be NAME=VALUE/],
      ['--env=1X=2', /--env must be NAME=VALUE/],
    ] as const) {
      const r = kube(['load', '--suite=scale-out', arg, '--dry-run']);
      assert.equal(r.exitCode, 2, arg);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '', `${arg}: nothing was run`);
    }
  });

  it('load: an unknown or missing suite, or a bad timeout, exits 2 naming what is valid', () => {
    for (const [args, message] of [
      [['--suite=bogus'], /unknown suite 'bogus'; valid: ramp scale-out/],
      [['--suite=ramp scale-out'], /unknown suite 'ramp scale-out'; valid: ramp scale-out/],
      [[], /load needs --suite=<name>; valid: ramp scale-out/],
      [
        ['--suite=ramp', '--timeout=soon'],
        /--timeout must be a positive number of seconds, got 'soon'/,
      ],
    ] as const) {
      const r = kube(['load', ...args, '--dry-run']);
      assert.equal(r.exitCode, 2, args.join(' '));
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '', 'nothing was run');
    }
  });

  it('bad input names what is wrong', () => {
    assert.match(
      kube(['deploy', '--overlay=gke', '--dry-run']).stderr,
      /no overlay 'gke' \(minikube, aks\)/,
    );
    assert.match(kube(['deploy', '--bogus']).stderr, /unknown option --bogus/);
  });
});
