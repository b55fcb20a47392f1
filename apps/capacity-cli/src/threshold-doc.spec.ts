/** The guide from a run: every placeholder filled, the machine beside the figure, noise refused or marked. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { advise, assessMachine, peakProfile, type CpuWindow } from '@loadlab/capacity';
import { SCALING_POLICY } from '@loadlab/scaling';
import { capacityHtml, type CapacityRun } from './capacity-report.ts';
import { sizedAtRequest, stableResult } from './capacity-run.fixture.ts';
import { docRefusal, renderThresholdDoc } from './threshold-doc.ts';
import { publishThresholdDoc } from './threshold-doc-publish.ts';

const window = (o: Partial<CpuWindow> = {}): CpuWindow => ({
  seconds: 3,
  cores: 2,
  k6Cores: 0,
  apiCores: 0,
  selfCores: 0,
  outsideCores: 0.1,
  idleShare: 0.9,
  stealShare: 0,
  load1: 0.4,
  ...o,
});
const result = stableResult(60, [60, 61, 59]);
const run = (before: CpuWindow): CapacityRun => {
  const machine = assessMachine(before, []);
  return {
    id: 'capacity-x',
    target: 'crocodile-api',
    slo: { p95Ms: 700, maxErrorRate: 0.01 },
    plateauSeconds: 10,
    ...sizedAtRequest(result, machine),
    advice: advise({ capacity: 60, profile: peakProfile(300), current: SCALING_POLICY }),
    sizedFor: 'a peak of 300 req/s',
  };
};
const template = await readFile(
  fileURLToPath(new URL('./choosing-a-threshold.template.md', import.meta.url)),
  'utf8',
);
const inputs = (r: CapacityRun) => ({
  command: 'npx nx run capacity-cli:threshold-doc',
  date: '2026-12-05 20:00 UTC',
  transcript: 'round 1: knee 60',
  run: r,
  explain: 'ScaledObject default/crocodile-api -> Deployment crocodile-api, 1-10 replicas',
  others: [{ pid: 7, comm: 'node', cores: 0.12 }],
});

describe('the threshold guide', () => {
  it('a quiet run: every placeholder filled, the machine figures and the pod levels beside it', () => {
    const r = run(window());
    assert.deepEqual(docRefusal(r), []);
    const doc = renderThresholdDoc(template, inputs(r));
    assert.doesNotMatch(doc, /\{\{\w+\}\}/);
    assert.doesNotMatch(doc, /UNRELIABLE: published/);
    assert.match(
      doc,
      /\| request \| 2 \| 0\.40 \| 90 % \| 0\.10 \| 0 % \| 0 of 0 \| 0 \| quiet enough \|/,
    );
    assert.match(doc, /`node` 0\.12 cores/);
    assert.match(doc, /capacity at its CPU request \(0\.25 CPU \(250m\)\): 60 req\/s/);
    assert.match(doc, /capacity at its CPU limit \(1 CPU \(1000m\)\): 230 req\/s/);
    assert.match(doc, /threshold +42 req\/s per replica/);
  });
  it('a noisy run is refused, naming why; published anyway it carries the banner', () => {
    const r = run(window({ outsideCores: 1.5, idleShare: 0.1, load1: 6 }));
    const why = docRefusal(r);
    assert.match(
      why.join(),
      /noisy machine at the request: before the search: other processes used 1\.50 of 2 cores/,
    );
    const doc = renderThresholdDoc(template, { ...inputs(r), unreliable: why });
    assert.match(doc, /\*\*UNRELIABLE: published with --allow-noisy\.\*\*/);
    assert.match(doc, /\*\*NOISY\*\*: before the search/);
  });
  it('no figure, an unconstrained one, or a generator-bound search is refused', () => {
    const r = run(window());
    assert.match(docRefusal({ ...r, capacity: null, reason: 'x' }).join(), /no capacity figure/);
    assert.match(
      docRefusal({ ...r, sizedFrom: { level: 'unconstrained', cpu: null, why: '' } }).join(),
      /--unconstrained/,
    );
    const gb = { ...r.levels![0]!, result: { ...result, generatorBoundAt: 90 } };
    assert.match(docRefusal({ ...r, levels: [gb] }).join(), /generator-bound at 90 req\/s/);
  });
  it('a generator-bound limit is no refusal when the advice sizes from the request', () => {
    const r = run(window());
    const limit = {
      ...r.levels![1]!,
      capacity: null,
      result: { ...result, capacity: null, stable: false, generatorBoundAt: 4389 },
    };
    assert.deepEqual(docRefusal({ ...r, levels: [r.levels![0]!, limit] }), []);
    const atRequest = { ...r, sizedFrom: { ...r.sizedFrom!, level: 'limit' as const, cpu: 1 } };
    assert.match(
      docRefusal({ ...atRequest, levels: [r.levels![0]!, limit] }).join(),
      /generator-bound at 4389 req\/s at the limit/,
    );
  });
  it('publishes the guide and its three charts (headless Chromium), not the whole-page shot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'threshold-doc-'));
    try {
      const r = run(window());
      const report = join(dir, 'report.html');
      await writeFile(report, capacityHtml(r));
      const written = await publishThresholdDoc({
        template: fileURLToPath(new URL('./choosing-a-threshold.template.md', import.meta.url)),
        doc: join(dir, 'guide.md'),
        imagesDir: join(dir, 'images'),
        report,
        inputs: inputs(r),
      });
      for (const c of ['load', 'replicas', 'per-replica'])
        assert.ok(existsSync(join(dir, 'images', `capacity-${c}.png`)), c);
      assert.equal(existsSync(join(dir, 'images', 'capacity-report.png')), false);
      assert.equal(written.length, 4);
      assert.match(await readFile(join(dir, 'guide.md'), 'utf8'), /round 1: knee 60/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
