/**
 * The committed upstream files (kwok's stages; KEDA's CRDs, read from libs/k8s-manifests' vendored
 * release bundle) and the Go wrapper modules match the versions in tools/versions.env.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runSync } from '@loadlab/process-supervisor';
import { VERSIONS_ENV } from '@loadlab/workspace';
import { parseAllDocuments } from 'yaml';
import { kedaCrds } from './keda.ts';
import { kwokStageFiles } from './kwok.ts';
import { clusterVersions, kedaBundle, LIB_ROOT } from './versions.ts';

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

  it(`the cluster installs the CRDs of KEDA's ${v.keda} bundle, all six`, async () => {
    assert.match(kedaBundle(v), new RegExp(`/libs/k8s-manifests/platform/keda-${v.keda}\\.yaml$`));
    const names = (await kedaCrds(v)).map((c) => c.metadata.name).sort();
    assert.equal(names.length, 6, names.join(' '));
    assert.ok(names.includes('scaledobjects.keda.sh'), names.join(' '));
  });

  it(
    `the bundle's KEDA CRDs are the ${v.keda} module's config/default, as kustomize renders it`,
    { skip: kedaModule && existsSync(kedaModule) ? false : `${kedaModule ?? 'Go'} not found` },
    async () => {
      const rendered = runSync('kubectl', ['kustomize', join(kedaModule!, 'config/default')], {
        timeoutMs: 60_000,
      }).stdout;
      const crds = parseAllDocuments(rendered)
        .map((d) => d.toJS() as { kind?: string } | null)
        .filter((o) => o?.kind === 'CustomResourceDefinition');
      assert.equal(crds.length, 6);
      assert.deepEqual(await kedaCrds(v), crds);
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
