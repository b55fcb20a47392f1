/**
 * Policy the rendered manifests must keep: Grafana with a read-only root filesystem has somewhere
 * to write (an emptyDir at /tmp, as kube-prometheus mounts it) and logs only to the console; and
 * the k6 that TestRuns (initializer and runners) and compose run is the one built locally.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { IMAGES, NAMES } from './constants.ts';
import { ROOT } from './generate.ts';
import { pinnedVersion } from './pinned-versions.ts';
import { findObject, renderOverlay } from '@loadlab/e2e-fixtures';

type Container = {
  name: string;
  image: string;
  env?: { name: string; value?: string }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  securityContext?: { readOnlyRootFilesystem?: boolean };
};
type PodSpec = { containers: Container[]; volumes?: { name: string; emptyDir?: object }[] };

describe('policy: read-only Grafana, one pinned k6', () => {
  for (const overlay of ['minikube', 'aks']) {
    it(`${overlay}: Grafana's read-only root has an emptyDir at /tmp and log.mode = console`, () => {
      const grafana = findObject(
        renderOverlay(join(ROOT, 'overlays', overlay)),
        'Deployment',
        NAMES.grafana,
      );
      assert.ok(grafana, 'no Grafana Deployment');
      const pod = (grafana.spec as { template: { spec: PodSpec } }).template.spec;
      const c = pod.containers.find((x) => x.name === NAMES.grafana)!;
      assert.equal(c.securityContext?.readOnlyRootFilesystem, true, 'the root stays read-only');
      const tmp = c.volumeMounts?.find((m) => m.mountPath === '/tmp');
      assert.ok(tmp, 'no volume mounted at /tmp');
      assert.ok(!tmp.readOnly, '/tmp must be writable');
      assert.ok(
        pod.volumes?.find((v) => v.name === tmp.name)?.emptyDir,
        `/tmp must be an emptyDir, got ${JSON.stringify(pod.volumes?.find((v) => v.name === tmp.name))}`,
      );
      // GF_<SECTION>_<KEY> is Grafana's own override of grafana.ini's [log] mode.
      assert.equal(c.env?.find((e) => e.name === 'GF_LOG_MODE')?.value, 'console');
    });
  }

  it('TestRuns (initializer and runners) and compose run grafana/k6 at K6_VERSION', () => {
    const want = `docker.io/grafana/k6:${pinnedVersion('K6_VERSION').replace(/^v/, '')}`;
    assert.equal(IMAGES.k6, want);
    const testRuns = renderOverlay(join(ROOT, 'load')).filter((o) => o.kind === 'TestRun');
    assert.ok(testRuns.length >= 2);
    for (const t of testRuns) {
      const spec = t.spec as { runner?: { image?: string }; initializer?: { image?: string } };
      assert.equal(spec.runner?.image, want, `${t.metadata.name}: runner image`);
      assert.equal(spec.initializer?.image, want, `${t.metadata.name}: initializer image`);
    }
    const compose = parse(readFileSync(join(ROOT, 'compose/compose.yaml'), 'utf8')) as {
      services: Record<string, { image?: string }>;
    };
    assert.equal(compose.services['k6']?.image, want);
  });
});
