/**
 * ./loadlab demo --cluster at the ci profile, for real (root, one real node per machine, so these
 * runs go one after another): a clean run, then each fault the verdict must judge honestly.
 *   - clean: the real HPA goes 1 -> N -> 1, the verdict passes with scale-up and scale-down judged,
 *     and the teardown leaves nothing.
 *   - an API pod deleted mid-load: the requests it failed are counted, and scaling is still judged.
 *   - Prometheus restarted mid-load with its data lost: what it lost is "not judged", never a pass.
 *   - --runners=2: the load as a k6-operator TestRun of 2 runner pods (kube.sh load), judged from
 *     Prometheus alone (load-tests:verify --testid): a pass, its request count what the pods served.
 * Run: npx nx run local-run:e2e-demo-cluster (about 5 minutes a run).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startProcess } from '@loadlab/process-supervisor';
import type { Verdict } from '@loadlab/verdict';
import { WORKSPACE_ROOT } from '@loadlab/workspace';
import { clusterDemoBlocker } from './cluster-run.ts';

const MAIN = join(WORKSPACE_ROOT, 'apps/local-run/src/main.ts');
const RUN_MS = 15 * 60_000;
const skip = clusterDemoBlocker();
if (skip) console.log(`# SKIP demo --cluster: ${skip}`);

interface Run {
  code: number | null;
  out: string;
  verdict?: Verdict;
}

/** The demo, as ./loadlab runs it once setup is done; bounded; its verdict read from verdict.json. */
async function demo(...args: string[]): Promise<Run> {
  let out = '';
  const child = startProcess(process.execPath, [MAIN, '--cluster', '--load-profile=ci', ...args], {
    cwd: WORKSPACE_ROOT,
    onOutput: (d) => {
      out += d;
      process.stdout.write(d.replace(/^/gm, '# '));
    },
  });
  // SIGINT lets the demo tear its cluster down; SIGKILL only if that takes 5 minutes more.
  const timer = setTimeout(() => void child.stop('SIGINT', 5 * 60_000), RUN_MS);
  const exited = await child.exited;
  clearTimeout(timer);
  const file = /^verdict: +(\S+)$/m.exec(out)?.[1];
  return {
    code: typeof exited === 'number' ? exited : null,
    out,
    verdict: file ? (JSON.parse(readFileSync(file, 'utf8')) as Verdict) : undefined,
  };
}

const check = (v: Verdict, id: string) => {
  const c = v.checks.find((x) => x.id === id);
  assert.ok(c, `a ${id} check among ${v.checks.map((x) => x.id).join(', ')}`);
  return c;
};
/** Ready replicas over the run, from kube-state-metrics: what the report's replica chart draws. */
const replicas = (v: Verdict) => (v.scaling?.series.ready.points ?? []).map(([, n]) => n);

describe('./loadlab demo --cluster --load-profile=ci on a real node', { skip }, () => {
  it('the HPA scales 1 -> N -> 1, the verdict passes on measured figures, nothing is left', async () => {
    const r = await demo();
    assert.equal(r.code, 0, r.out.slice(-3000));
    assert.ok(r.verdict, 'a verdict.json');
    assert.equal(r.verdict.status, 'pass');
    for (const id of ['scale-up', 'scale-down'])
      assert.equal(check(r.verdict, id).outcome, 'pass', id);
    const n = replicas(r.verdict);
    assert.equal(n[0], 1, `starts at 1 replica: ${n.join(' ')}`);
    assert.ok(Math.max(...n) > 1, `scales out: ${n.join(' ')}`);
    assert.equal(n.at(-1), 1, `back at 1: ${n.join(' ')}`);
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

  it('--runners=2: a TestRun of 2 runner pods through kube.sh load; PASS, k6 sent exactly what the pods served, nothing left', async () => {
    const r = await demo('--runners=2');
    assert.equal(r.code, 0, r.out.slice(-3000));
    assert.ok(r.verdict, 'a verdict.json');
    assert.equal(r.verdict.status, 'pass');
    assert.match(r.out, /\$ bash \S*kube\.sh load --suite=scale-out --parallelism=2 --testid=\S+/);
    assert.match(r.out, /\$ npx nx run load-tests:verify .*--after-scale-down/);
    for (const id of ['scale-up', 'scale-down'])
      assert.equal(check(r.verdict, id).outcome, 'pass', id);
    const n = replicas(r.verdict);
    assert.equal(n[0], 1, `starts at 1 replica: ${n.join(' ')}`);
    assert.ok(Math.max(...n) > 1, `scales out: ${n.join(' ')}`);
    assert.equal(n.at(-1), 1, `back at 1: ${n.join(' ')}`);
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
