/** The two CLIs as real processes: exit codes and what they print. */
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cgroupLayout } from '@loadlab/capacity';
import { run as runProgram, SIGNAL_GRACE_MS, startProcess } from '@loadlab/process-supervisor';
import { freePort } from '@loadlab/process-supervisor';
import { signalAndWait } from '@loadlab/testkit';

/** A program's exit code and all it printed (a timeout fails the test with a RunError). */
const codeAndOutput = async (command: string, args: string[], timeoutMs: number) => {
  const r = await runProgram(command, args, { timeoutMs, okExitCodes: 'any' });
  return { code: r.exitCode, out: r.stdout + r.stderr };
};
const run = (script: string, args: string[]) =>
  codeAndOutput(
    process.execPath,
    [fileURLToPath(new URL(script, import.meta.url)), ...args],
    240_000,
  );

describe('explain', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'explain-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  it('a path option it cannot read: exit 2 at once, naming it and why', async () => {
    for (const option of ['file', 'kubeconfig', 'capacity-file']) {
      const r = await run('./explain-main.ts', [`--${option}=${dir}/none.yaml`, '--name=x']);
      assert.equal(r.code, 2, r.out);
      assert.match(r.out, new RegExp(`--${option}=.*none\\.yaml: cannot read it \\(ENOENT`));
    }
    const d = await run('./explain-main.ts', [`--file=${dir}`]);
    assert.equal(d.code, 2, d.out);
    assert.match(d.out, /is not a regular file/);
  });
  it('explains our rendered ScaledObject: exit 0, no traps', async () => {
    const r = await run('./explain-main.ts', []);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /libs\/k8s-manifests\/base\/crocodile-api.yaml/);
    assert.match(r.out, /no known traps found/);
  });
  it('exit 1 with the warning when the threshold is above a measured capacity from a file', async () => {
    const file = join(dir, 'capacity.json');
    await writeFile(file, JSON.stringify({ capacity: 42 }));
    const r = await run('./explain-main.ts', [`--capacity-file=${file}`]);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /threshold 50 is above the measured capacity 42/);
  });
  it('every ScaledObject of a multi-document file; one KEDA would refuse gives exit 1 and its reason', async () => {
    const file = join(dir, 'two.yaml');
    const so = (name: string, min: number, trigger: string) =>
      `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: ${name}}\nspec:\n  scaleTargetRef: {name: ${name}}\n  minReplicaCount: ${min}\n  triggers:\n    - ${trigger}\n`;
    await writeFile(
      file,
      [
        so(
          'ok',
          1,
          '{type: prometheus, metadata: {serverAddress: "http://p", query: "sum(rate(x[2m]))", threshold: "50"}}',
        ),
        so('cpu-zero', 0, '{type: cpu, metricType: Utilization, metadata: {value: "60"}}'),
      ].join('---\n'),
    );
    const r = await run('./explain-main.ts', [`--file=${file}`]);
    assert.equal(r.code, 1, r.out);
    assert.match(
      r.out,
      /ScaledObject default\/ok -> Deployment ok[^]*ScaledObject default\/cpu-zero/,
    );
    assert.match(
      r.out,
      /REJECTED by KEDA \d+\.\d+\.\d+[^]*scaledobject has only cpu\/memory triggers AND minReplica is 0[^]*scaledobject_webhook\.go:497-513/,
    );
    const one = await run('./explain-main.ts', [`--file=${file}`, '--name=ok']);
    assert.equal(one.code, 0, one.out);
    assert.doesNotMatch(one.out, /cpu-zero/);
  });
  it('exit 2 naming the problem: no object, bad capacity file, unreachable cluster', async () => {
    const empty = join(dir, 'empty.yaml');
    await writeFile(empty, 'kind: Service\n');
    assert.match(
      (await run('./explain-main.ts', [`--file=${empty}`])).out,
      /no ScaledObject in the input/,
    );
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"capacity": null}');
    const r = await run('./explain-main.ts', [`--capacity-file=${bad}`]);
    assert.equal(r.code, 2);
    assert.match(r.out, /holds no capacity figure/);
    const port = await freePort();
    const kubeconfig = join(dir, 'kubeconfig');
    await writeFile(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}"}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\nusers: [{name: u, user: {}}]\ncurrent-context: c\n`,
    );
    const live = await run('./explain-main.ts', [
      `--kubeconfig=${kubeconfig}`,
      '--name=crocodile-api',
    ]);
    assert.equal(live.code, 2, live.out);
    assert.match(live.out, /kubectl get scaledobject crocodile-api failed/);
  });
});

describe('capacity', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'capacity-cli-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  it('--capacity and --peak-rps: advice and a report without measuring', async () => {
    const r = await run('./capacity-main.ts', [
      '--capacity=180',
      '--peak-rps=900',
      `--out=${dir}/a`,
    ]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /threshold +126 req\/s per replica/);
    const saved = JSON.parse(await readFile(join(dir, 'a/capacity.json'), 'utf8'));
    assert.equal(saved.advice.recommended.threshold, 126);
    assert.match(await readFile(join(dir, 'a/report.html'), 'utf8'), /id="chart-per-replica"/);
  });
  it('a replica that answers nothing: no figure (exit 1), never a made-up capacity', async () => {
    const port = await freePort();
    const r = await run('./capacity-main.ts', [
      `--base-url=http://127.0.0.1:${port}`,
      '--plateau-seconds=2',
      '--start-rate=2',
      '--max-rate=8',
      `--out=${dir}/b`,
    ]);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /capacity not judged: even 1 req\/s breaks the SLO/);
  });
  it('without root it cannot run the API as the pod gets it: exit 2 naming --unconstrained', async () => {
    // As root, the same command as the unprivileged user nobody (runuser), which cannot make a cgroup.
    // Its own folder: nobody cannot enter this suite's (mode 700).
    const out = await mkdtemp(join(tmpdir(), 'capacity-noroot-'));
    await chmod(out, 0o777);
    const args = [fileURLToPath(new URL('./capacity-main.ts', import.meta.url)), `--out=${out}`];
    const asRoot = process.getuid?.() === 0;
    const r = await codeAndOutput(
      asRoot ? 'runuser' : process.execPath,
      asRoot ? ['-u', 'nobody', '--', process.execPath, ...args] : args,
      120_000,
    );
    assert.equal(r.code, 2, r.out);
    assert.match(
      r.out,
      /capacity not judged: could not run: cannot run the API as the pod gets it: making a cgroup needs root \(running as uid \d+\)\. .*--unconstrained/,
    );
    await rm(out, { recursive: true, force: true });
  });
  it('a bad option: exit 2 with its name', async () => {
    const r = await run('./capacity-main.ts', ['--target-utilization=2']);
    assert.equal(r.code, 2);
    assert.match(r.out, /--target-utilization must be/);
  });
  it('a path it cannot use: exit 2 at once, naming the option and the reason', async () => {
    const out = await run('./capacity-main.ts', ['--capacity=180', '--out=/proc/nope']);
    assert.equal(out.code, 2, out.out);
    assert.match(out.out, /--out=\/proc\/nope: not a directory loadlab can write to \(ENOENT/);
    const slo = await run('./capacity-main.ts', ['--capacity=180', `--slo=${dir}/none.json`]);
    assert.equal(slo.code, 2, slo.out);
    assert.match(slo.out, /--slo=.*none\.json: cannot read it \(ENOENT/);
  });
  it('stops within seconds of SIGTERM mid-search, stops the API it started and removes its cgroup', async () => {
    const proc = startProcess(process.execPath, [
      fileURLToPath(new URL('./capacity-main.ts', import.meta.url)),
      '--plateau-seconds=20',
      `--out=${dir}/sigterm`,
      // Without root there is no pod cgroup: the run would stop at once (its own spec below).
      ...(process.getuid?.() === 0 ? [] : ['--unconstrained']),
    ]);
    const pid = Number((await proc.waitForOutput(/crocodile-api pid (\d+)/, 120_000))[1]);
    // As root with cgroups, the API runs in the pod's group (else the run said why and exited 2).
    const inGroup = /loadlab-capacity-\d+-\w+/.exec(readFileSync(`/proc/${pid}/cgroup`, 'utf8'));
    const layout = inGroup ? cgroupLayout() : undefined;
    const r = await signalAndWait(proc);
    assert.ok(r.ms < SIGNAL_GRACE_MS + 3_000, `exited ${r.ms} ms after SIGTERM`);
    assert.notEqual(r.code, 0, r.output);
    assert.throws(() => process.kill(pid, 0), 'the API is stopped');
    if (layout)
      for (const dir of new Set([layout.cpuDir, layout.memoryDir]))
        assert.ok(!existsSync(join(dir, inGroup![0])), `${dir}/${inGroup![0]} is removed`);
  });
});
