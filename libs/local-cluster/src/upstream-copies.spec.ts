/**
 * The committed upstream files (KEDA's CRDs, kwok's stages) and the Go wrapper modules match
 * the versions in tools/versions.env, and agree with what libs/k8s-manifests deploys.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runSync } from '@loadlab/process-supervisor';
import { VERSIONS_ENV, WORKSPACE_ROOT } from '@loadlab/workspace';
import { kwokStageFiles } from './kwok.ts';
import { clusterVersions, kedaCrdDir, LIB_ROOT } from './versions.ts';

const v = clusterVersions(VERSIONS_ENV);

/** A committed copy is the upstream file plus two comment lines (origin, prettier-ignore). */
function stripCopyHeader(text: string): string {
  const lines = text.split('\n');
  const origin = lines.findIndex((l) => l.startsWith('# Verbatim copy of '));
  assert.ok(origin >= 0 && lines[origin + 1] === '# prettier-ignore', 'the two-line header');
  lines.splice(origin, 2);
  return lines.join('\n');
}

/** The Go module cache, if Go is installed (the build script fills it). */
function goModCache(): string | undefined {
  try {
    return runSync('go', ['env', 'GOMODCACHE'], { timeoutMs: 10_000 }).stdout.trim();
  } catch {
    return undefined;
  }
}
const modCache = goModCache();
const kedaModule = modCache && join(modCache, `github.com/kedacore/keda/v2@${v.keda}`);
const kwokModule = modCache && join(modCache, `sigs.k8s.io/kwok@${v.kwok}`);

const goMod = (component: string) =>
  readFileSync(join(LIB_ROOT, 'go', component, 'go.mod'), 'utf8');
const required = (mod: string, module: string) =>
  new RegExp(`^\\s*(?:require\\s+)?${module.replaceAll('.', '\\.')} (\\S+)$`, 'm').exec(mod)?.[1];

describe('upstream copies and pins', () => {
  it('the wrapper modules pin the versions in tools/versions.env', () => {
    assert.equal(required(goMod('kubernetes'), 'k8s.io/kubernetes'), v.kubernetes);
    assert.equal(required(goMod('etcd'), 'go.etcd.io/etcd/server/v3'), v.etcd);
    assert.equal(required(goMod('keda'), 'github.com/kedacore/keda/v2'), v.keda);
    assert.equal(
      required(goMod('kube-state-metrics'), 'k8s.io/kube-state-metrics/v2'),
      v.kubeStateMetrics,
    );
    // Every k8s.io staging module is replaced by the release's v0.x.y.
    const staging = v.kubernetes.replace(/^v1\./, 'v0.');
    const replaces = [...goMod('kubernetes').matchAll(/^\t(k8s\.io\/\S+) => \S+ (\S+)$/gm)];
    assert.ok(replaces.length >= 30, `${replaces.length} replaced staging modules`);
    for (const [, module, version] of replaces) assert.equal(version, staging, module);
  });

  it('KEDA and kube-state-metrics are the versions libs/k8s-manifests deploys', () => {
    const constants = readFileSync(
      join(WORKSPACE_ROOT, 'libs/k8s-manifests/src/constants.ts'),
      'utf8',
    );
    assert.match(constants, new RegExp(`kube-state-metrics:${v.kubeStateMetrics}'`));
    assert.match(constants, new RegExp(`keda: \\{\\s*version: '${v.keda.slice(1)}'`));
    const manifestsCrd = join(
      WORKSPACE_ROOT,
      `libs/k8s-manifests/crds/keda.sh_scaledobjects.${v.keda}.yaml`,
    );
    assert.equal(
      stripCopyHeader(readFileSync(join(kedaCrdDir(v), 'keda.sh_scaledobjects.yaml'), 'utf8')),
      readFileSync(manifestsCrd, 'utf8'),
    );
  });

  it(
    `the KEDA CRDs are verbatim copies of the ${v.keda} module's config/crd/bases`,
    { skip: kedaModule && existsSync(kedaModule) ? false : `${kedaModule ?? 'Go'} not found` },
    () => {
      const bases = join(kedaModule!, 'config/crd/bases');
      assert.deepEqual(readdirSync(kedaCrdDir(v)).sort(), readdirSync(bases).sort());
      for (const f of readdirSync(bases)) {
        assert.equal(
          stripCopyHeader(readFileSync(join(kedaCrdDir(v), f), 'utf8')),
          readFileSync(join(bases, f), 'utf8'),
          f,
        );
      }
    },
  );

  it(
    `the kwok stages are verbatim copies of the ${v.kwok} module's kustomize/stage`,
    { skip: kwokModule && existsSync(kwokModule) ? false : `${kwokModule ?? 'Go'} not found` },
    () => {
      const files = kwokStageFiles(v);
      assert.equal(files.length, 5);
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        const origin = /^# Verbatim copy of \S+ (kustomize\/stage\/\S+) /m.exec(text)![1]!;
        assert.equal(stripCopyHeader(text), readFileSync(join(kwokModule!, origin), 'utf8'), file);
      }
    },
  );
});
