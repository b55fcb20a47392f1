/**
 * ./loadlab demo --cluster --runners=2 at the ci profile, for real (root, the machine's one real
 * node): the load as a k6-operator TestRun of 2 runner pods through kube.sh load, judged from
 * Prometheus alone (load-tests:verify --testid). In ./loadlab test with the other real-node
 * targets. Run: npx nx run local-run:e2e-demo-cluster-runners.
 *
 * @e2e-needs image k6 real-node prometheus-k8s k6-operator runner-images
 * @e2e-timeout 2700
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertScaledOutAndBack, demo, skip } from './cluster-demo-run.ts';

describe('./loadlab demo --cluster --runners=2 --load-profile=ci on a real node', { skip }, () => {
  it('--runners=2: a TestRun of 2 runner pods through kube.sh load; PASS, k6 sent exactly what the pods served, nothing left', async () => {
    const r = await demo('--runners=2');
    assert.equal(r.code, 0, r.out.slice(-3000));
    assert.ok(r.verdict, 'a verdict.json');
    assert.equal(r.verdict.status, 'pass');
    assert.match(r.out, /\$ bash \S*kube\.sh load --suite=scale-out --parallelism=2 --testid=\S+/);
    assert.match(r.out, /\$ npx nx run load-tests:verify .*--after-scale-down/);
    assertScaledOutAndBack(r.verdict);
    assert.equal(r.verdict.client?.generators, 2, 'the verifier summed the 2 runners');
    const m =
      /^requests: (\d+) sent by 2 runner\(s\).*; (\d+) served by the crocodile-api pods/m.exec(
        r.out,
      );
    assert.ok(m, 'the request counts line');
    assert.ok(Number(m[1]) > 0);
    assert.equal(Number(m[1]), Number(m[2]), 'k6 sent exactly what the pods served');
    assert.match(r.out, /teardown: nothing left/);
  });
});
