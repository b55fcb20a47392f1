/** An e2e-<name> target per src/<name>.e2e.ts, built from the needs its docblock declares. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { E2E_NEEDS, e2eFileTarget, e2ePragmas } from './e2e-file-targets.ts';

const doc = (...lines: string[]) =>
  `/**\n * What it proves.\n${lines.map((l) => ` * ${l}\n`).join('')} */\nimport x from 'y';\n`;
const command = (file: string, text: string) =>
  Object.values(e2eFileTarget(file, text))[0]?.options?.command as string;

describe('e2e file targets', () => {
  it('names the target after the file, runs it alone with its own JUnit report', () => {
    const t = e2eFileTarget('src/real-pods.e2e.ts', doc());
    assert.deepEqual(Object.keys(t), ['e2e-real-pods']);
    assert.equal(t['e2e-real-pods']?.cache, false);
    assert.equal(
      command('src/real-pods.e2e.ts', doc()),
      'mkdir -p reports/junit && node --test --test-reporter=spec --test-reporter-destination=stdout ' +
        '--test-reporter=junit --test-reporter-destination=reports/junit/{projectName}-e2e-real-pods.xml ' +
        '{projectRoot}/src/real-pods.e2e.ts',
    );
  });

  it("runs each need's setup in one fixed order, whatever order the file lists them in", () => {
    const steps = command(
      'src/a.e2e.ts',
      doc('@e2e-needs runner-images k6-operator prometheus-k8s real-node'),
    ).split(' && ');
    assert.deepEqual(steps.slice(0, 7), [
      'bash tools/setup/ensure-real-node.sh',
      'bash tools/setup/ensure-prometheus-k8s.sh',
      'export PATH=$PWD/.tools/promtool:$PATH',
      'LOCAL_CLUSTER_REAL_NODE=1 bash libs/local-cluster/scripts/build-binaries.sh',
      'bash libs/local-cluster/scripts/build-k6-operator.sh',
      'bash libs/local-cluster/scripts/build-runner-images.sh',
      'mkdir -p reports/junit',
    ]);
    assert.ok(!steps.join(' ').includes('build-platform-images'));
  });

  it('a need that is an Nx target runs first, as dependsOn; a setup need is not one', () => {
    const t = Object.values(
      e2eFileTarget('src/a.e2e.ts', doc('@e2e-needs image k6 real-node manifests')),
    )[0];
    assert.deepEqual(t?.dependsOn, [
      { projects: ['crocodile-api'], target: 'docker-build' },
      { projects: ['load-tests'], target: 'ready' },
      { projects: ['k8s-manifests'], target: 'generate' },
    ]);
    assert.deepEqual(Object.values(e2eFileTarget('src/a.e2e.ts', doc()))[0]?.dependsOn, []);
  });

  it('bounds every test by the declared timeout, in seconds', () => {
    assert.match(command('src/a.e2e.ts', doc('@e2e-timeout 2700')), / --test-timeout=2700000 /);
    assert.doesNotMatch(command('src/a.e2e.ts', doc()), /--test-timeout/);
  });

  it('refuses an unknown need, naming the file and the needs it knows', () => {
    assert.throws(
      () => e2ePragmas('src/a.e2e.ts', doc('@e2e-needs real-node kind')),
      new RegExp(`src/a\\.e2e\\.ts: unknown @e2e-needs kind \\(known: ${E2E_NEEDS.join(', ')}\\)`),
    );
  });

  it('reads only the first docblock, and no target for a file not directly in src/', () => {
    assert.deepEqual(e2ePragmas('src/a.e2e.ts', `${doc()}/** @e2e-needs real-node */`).needs, []);
    assert.deepEqual(e2eFileTarget('src/sub/a.e2e.ts', doc()), {});
    assert.deepEqual(e2eFileTarget('src/a.e2e.spec.ts', doc()), {});
  });
});
