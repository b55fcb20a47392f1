/** The host Prometheus's check, on the real programs: Debian's (no Kubernetes discovery) and none. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { WORKSPACE_ROOT } from '@loadlab/workspace';
import { prometheusK8sSdBlocker } from './host-prometheus.ts';

// Debian's package, what tools/setup installs as the house Prometheus.
const DEBIAN = '/usr/bin/prometheus';
// The upstream build tools/setup/ensure-prometheus-k8s.sh installs.
const UPSTREAM = join(WORKSPACE_ROOT, '.tools/promtool/prometheus');

describe('prometheusK8sSdBlocker', () => {
  it(
    'Debian’s build (+ds) is refused, naming the version and the fix',
    { skip: !existsSync(DEBIAN) },
    () => {
      assert.match(
        prometheusK8sSdBlocker(DEBIAN) ?? '',
        /Debian's \(prometheus, version \S+\+ds .*\), built without kubernetes_sd_configs: bash tools\/setup\/ensure-prometheus-k8s\.sh/,
      );
    },
  );
  it('an upstream build runs it', { skip: !existsSync(UPSTREAM) }, () => {
    assert.equal(prometheusK8sSdBlocker(UPSTREAM), undefined);
  });
  it('no such program: says so, naming the setup script', () => {
    assert.equal(
      prometheusK8sSdBlocker('no-such-prometheus'),
      'no no-such-prometheus on PATH (bash tools/setup/ensure-prometheus-k8s.sh)',
    );
  });
});
