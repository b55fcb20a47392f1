/**
 * The host Prometheus's check, on the real programs: Debian's (no Kubernetes discovery) and none.
 * The upstream build's pass is shown by every real-node e2e, which starts it (a skip fails CI): a
 * case here would skip wherever `local-cluster:test` runs before ensure-prometheus-k8s.sh.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { prometheusK8sSdBlocker } from './host-prometheus.ts';

// Debian's package, what tools/setup installs as the house Prometheus.
const DEBIAN = '/usr/bin/prometheus';

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
  it('no such program: says so, naming the setup script', () => {
    assert.equal(
      prometheusK8sSdBlocker('no-such-prometheus'),
      'no no-such-prometheus on PATH (bash tools/setup/ensure-prometheus-k8s.sh)',
    );
  });
});
