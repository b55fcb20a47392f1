import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { advise, peakProfile } from '@loadlab/capacity';
import { SCALING_POLICY } from '@loadlab/scaling';
import { sizedAtRequest, stableResult } from './capacity-run.fixture.ts';
import { capacityHtml, headline, type CapacityRun } from './capacity-report.ts';

const slo = { p95Ms: 700, maxErrorRate: 0.01 };
const base: CapacityRun = {
  id: 'capacity-x',
  target: 'here',
  slo,
  plateauSeconds: 10,
  capacity: null,
};

describe('the capacity report', () => {
  it('charts replicas and load per replica under both settings, against the capacity line', () => {
    const advice = advise({
      capacity: 100,
      profile: peakProfile(600, 20, 120),
      current: SCALING_POLICY,
    });
    const html = capacityHtml({ ...base, capacity: 100, advice, sizedFor: 'a peak of 600 req/s' });
    for (const id of ['chart-load', 'chart-replicas', 'chart-per-replica'])
      assert.match(html, new RegExp(`id="${id}"`));
    assert.match(html, /capacity 100/);
    assert.match(html, /data-series="current \(threshold 50\)"/);
    assert.match(html, /data-series="recommended \(threshold 70\)"/);
    assert.doesNotMatch(html, /<script/);
  });
  it('without a capacity: not judged, no advice, no charts', () => {
    const html = capacityHtml({ ...base, reason: 'even 1 req/s breaks the SLO' });
    assert.match(html, /capacity not judged: even 1 req\/s breaks the SLO/);
    assert.doesNotMatch(html, /<svg/);
  });
  it('a figure from a noisy machine is marked UNRELIABLE, with the machine figures, and not sized from', () => {
    const result = stableResult(160, [160, 161, 158]);
    const machine = {
      reliable: false,
      reasons: ['before the search: load average 19.0 on 2 cores'],
      before: null,
      beforeNoise: ['load average 19.0 on 2 cores'],
      watchedPlateaus: 12,
      noisyPlateaus: [],
      generatorBound: [
        { round: 2, rate: 2560, why: 'p95 900 ms ≥ 700 ms, but k6 used 1.90 of 2 cores' },
      ],
    };
    const run = { ...base, capacity: 160, result, machine };
    assert.match(
      headline(run),
      /UNRELIABLE, noisy machine \(before the search: load average 19\.0 on 2 cores\): do not size from it/,
    );
    const html = capacityHtml(run);
    assert.match(html, /No advice \(not judged\): the figure was measured on a noisy machine/);
    assert.match(
      html,
      /<pre id="machine">machine: UNRELIABLE[^<]*2560 req\/s is generator-bound, not a knee/,
    );
  });
  it('the pod: its settings, the figure at its request and its limit, and which one the advice uses', () => {
    const run: CapacityRun = { ...base, ...sizedAtRequest() };
    assert.match(
      headline(run),
      /^one replica at its CPU request \(0\.25 CPU \(250m\)\) holds 60 req\/s/,
    );
    const html = capacityHtml(run);
    assert.match(
      html,
      /<h2>The pod<\/h2><pre id="pod">pod: crocodile-api\/crocodile-api from kubectl kustomize libs\/k8s-manifests\/overlays\/minikube: CPU request 0\.25 CPU \(250m\), limit 1 CPU \(1000m\); memory request 128 MiB, limit 256 MiB/,
    );
    assert.match(html, /capacity at its CPU request \(0\.25 CPU \(250m\)\): 60 req\/s/);
    assert.match(html, /capacity at its CPU limit \(1 CPU \(1000m\)\): 230 req\/s/);
    assert.match(
      html,
      /the advice sizes from the figure at its CPU request \(0\.25 CPU \(250m\)\): a pod is guaranteed only its CPU request/,
    );
    assert.match(html, /<h2>Ladders at its CPU limit \(1 CPU \(1000m\)\)<\/h2>/);
    // Unconstrained: said in the headline and the pod section.
    const free: CapacityRun = {
      ...run,
      pod: { ...run.pod!, cgroup: null, constrained: false },
      levels: [{ level: 'unconstrained', cpu: null, result: stableResult(900), capacity: 900 }],
      capacity: 900,
      result: stableResult(900),
      sizedFrom: { level: 'unconstrained', cpu: null, why: 'UNCONSTRAINED (--unconstrained)' },
    };
    assert.match(headline(free), /UNCONSTRAINED \(--unconstrained\): not as a pod gets it/);
    assert.match(
      capacityHtml(free),
      /UNCONSTRAINED \(--unconstrained\): no cgroup; the figure is not what a pod gets/,
    );
  });
  it('a given capacity says it was not measured', () =>
    assert.match(headline({ ...base, capacity: 120 }), /given with --capacity, not measured/));
});
