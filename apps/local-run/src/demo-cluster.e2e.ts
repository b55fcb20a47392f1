/**
 * ./loadlab demo --cluster at the ci profile, for real (root, one real node per machine, so these
 * runs go one after another): a clean run, then each fault the verdict must judge honestly.
 *   - clean: the real HPA goes 1 -> N -> 1, the verdict passes with scale-up and scale-down judged,
 *     and the teardown leaves nothing.
 *   - an API pod deleted mid-load: the requests it failed are counted, and scaling is still judged.
 *   - Prometheus restarted mid-load with its data lost: what it lost is "not judged", never a pass.
 * Run: npx nx run local-run:e2e-demo-cluster (about 5 minutes a run).
 *
 * @e2e-needs image k6 real-node prometheus-k8s
 * @e2e-timeout 2700
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertScaledOutAndBack, check, demo, skip } from './cluster-demo-run.ts';

describe('./loadlab demo --cluster --load-profile=ci on a real node', { skip }, () => {
  it('the HPA scales 1 -> N -> 1, the verdict passes on measured figures, nothing is left', async () => {
    const r = await demo();
    assert.equal(r.code, 0, r.out.slice(-3000));
    assert.ok(r.verdict, 'a verdict.json');
    assert.equal(r.verdict.status, 'pass');
    assertScaledOutAndBack(r.verdict);
    assert.match(r.out, /teardown: nothing left/);
    assert.match(r.out, /cluster with a real node up in [\d.]+ s/);
    assert.match(r.out, /\[\d\/6\] load: .*~\d+:\d\d left/, 'progress lines with the time left');
  });

  it('an API pod deleted mid-load: its failed requests are counted, and scaling is still judged', async () => {
    const r = await demo('--fault=delete-api-pod');
    assert.ok(r.verdict, r.out.slice(-3000));
    assert.match(r.out, /fault: deleted pod crocodile-api-\S+ mid-load/);
    for (const id of ['scale-up', 'scale-down', 'errors-while-scaling'])
      assert.notEqual(check(r.verdict, id).outcome, 'not-judged', `${id} is judged`);
    // Counted from Prometheus by testid, whatever they come to: a measured figure, judged.
    const errors = check(r.verdict, 'client-errors');
    assert.equal(typeof errors.measured, 'number', JSON.stringify(errors));
    assert.notEqual(errors.outcome, 'not-judged');
    assert.match(r.out, /teardown: nothing left/);
  });

  it('Prometheus restarted mid-load, its data lost: those checks are not judged, never passed', async () => {
    const r = await demo('--fault=restart-prometheus');
    assert.ok(r.verdict, r.out.slice(-3000));
    assert.match(r.out, /fault: Prometheus restarted mid-load/);
    assert.notEqual(r.verdict.status, 'pass', 'a run with lost data is not a pass');
    assert.notEqual(r.code, 0);
    const notJudged = r.verdict.checks.filter((c) => c.outcome === 'not-judged');
    assert.ok(
      notJudged.length > 0,
      `some check is not judged: ${JSON.stringify(r.verdict.checks)}`,
    );
    assert.match(r.out, /teardown: nothing left/);
  });
});
