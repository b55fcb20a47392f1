/**
 * The scaling verifier on recorded data: nine scenarios backfilled into a real
 * Prometheus (promtool tsdb create-blocks-from openmetrics), each with the
 * verdict and figures it must give. No cluster here; the series are what one records.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { scenarioStart } from '@loadlab/prometheus-client';
import { launchChromium } from '@loadlab/chromium';
import { decodePng, inkRatio } from '@loadlab/testkit';
import { backfilledPrometheus } from '../backfilled-prometheus.fixture.ts';
import type { Verdict } from '../model/verdict.ts';
import { writeReports } from '../report/write-reports.ts';
import { loadSlo } from '../slo/slo.ts';
import { SCENARIOS, SECONDS, writeScenario } from './scenarios.fixture.ts';
import { verifyScaling } from './verify.ts';

describe('scaling verifier on recorded scenarios', () => {
  const start = scenarioStart();
  const verdicts = new Map<string, Verdict>();
  const verify = async (ns: string, extra: { capacity?: number } = {}) => {
    const v = await verifyScaling({
      ...extra,
      prometheusUrl: prom.url,
      namespace: ns,
      deployment: 'crocodile-api',
      scaledObject: 'crocodile-api',
      testid: ns,
      start: new Date(start * 1000),
      end: new Date((start + SECONDS) * 1000),
      slo: await loadSlo(),
    });
    verdicts.set(ns, v);
    return v;
  };
  const check = (v: Verdict, id: string) => v.checks.find((c) => c.id === id)!;
  const failed = (v: Verdict) => v.checks.filter((c) => c.outcome === 'fail').map((c) => c.id);
  const passed = (v: Verdict, id: string) => check(v, id).outcome === 'pass';

  const prom = backfilledPrometheus('verify-', start, (w) => {
    for (const [name, s] of Object.entries(SCENARIOS)) writeScenario(w, s, name);
  });

  it('healthy scale-up and scale-down: pass, with the recorded figures', async () => {
    const v = await verify('healthy');
    assert.equal(v.status, 'pass', JSON.stringify(v.checks));
    assert.ok(
      v.checks.every((c) => c.outcome === 'pass' && c.measured !== null),
      'every check passed on a measured value',
    );
    assert.match(check(v, 'model').note!, /compared on \d+ of \d+ steps \(100% of the window\)/);
    assert.equal(
      check(v, 'scale-up').measured,
      30,
      'ready replicas rose 30 s after the crossing, as recorded',
    );
    assert.equal(check(v, 'right-size').measured, 6, 'ceil(300 req/s / 50)');
    assert.ok(check(v, 'scale-down').measured! <= 180);
    assert.ok(check(v, 'model').measured! <= 0.5, 'a healthy HPA follows the model');
  });

  it('with a measured capacity, right size is also judged per replica against it', async () => {
    // healthy: 300 req/s on 6 ready replicas at the peak, 50 req/s each.
    const held = await verify('healthy', { capacity: 80 });
    assert.equal(check(held, 'right-size-capacity').outcome, 'pass');
    assert.equal(check(held, 'right-size-capacity').measured, 50);
    assert.equal(held.status, 'pass');
    const over = await verify('healthy', { capacity: 30 });
    assert.equal(check(over, 'right-size-capacity').outcome, 'fail');
    assert.equal(over.status, 'scaling-failed');
    // Without a capacity the check is absent, not a silent pass.
    assert.equal(check(await verify('healthy'), 'right-size-capacity'), undefined);
  });

  it('a 5-minute gap in ready replicas across a healthy scale-up: scale-up not judged, never failed', async () => {
    const v = await verify('ready-gap');
    const c = check(v, 'scale-up');
    assert.equal(c.outcome, 'not-judged', JSON.stringify(c));
    assert.match(
      c.reason!,
      /no ready-replica sample from \d+ s to \d+ s \(a \d+ s gap\).*Missing data, not a slow scale/,
    );
    assert.equal(v.status, 'could-not-run');
  });

  it('one ready=0 sample while 6 replicas stay: scale-down fails, never passes', async () => {
    const v = await verify('scale-down-glitch');
    const c = check(v, 'scale-down');
    assert.equal(c.outcome, 'fail', JSON.stringify(c));
    assert.match(c.reason!, /6 replicas were still ready/);
    assert.equal(v.status, 'scaling-failed');
  });

  it('never scales: fails scale-up and right size', async () => {
    const v = await verify('never-scales');
    assert.equal(v.status, 'scaling-failed');
    assert.deepEqual(failed(v), ['scale-up', 'right-size', 'model']);
    assert.equal(check(v, 'scale-up').measured, null);
    assert.match(check(v, 'scale-up').reason!, /ready replicas stayed at 1 for the \d+ s after/);
    // Nothing scaled, so there is no scaling to judge errors or spread during: said, not ticked.
    assert.equal(check(v, 'errors-while-scaling').outcome, 'not-judged');
    assert.equal(check(v, 'load-spread').outcome, 'not-judged');
  });

  it('scales too slowly: fails scale-up with the recorded 360 s', async () => {
    const v = await verify('too-slow');
    assert.equal(v.status, 'scaling-failed');
    assert.equal(check(v, 'scale-up').measured, 360);
    assert.ok(failed(v).includes('scale-up'));
  });

  it('flapping: fails on direction reversals', async () => {
    const v = await verify('flapping');
    assert.equal(v.status, 'scaling-failed');
    assert.ok(failed(v).includes('no-flapping'));
    assert.ok(check(v, 'no-flapping').measured! > 2);
  });

  it('a staircase up and down within 5 minutes is one reversal, not flapping', async () => {
    // What the real HPA did in the local-cluster e2e: 1, 2, 3, 4, 5, then 4, 3, 2, 1.
    const v = await verify('staircase');
    assert.equal(check(v, 'no-flapping').measured, 1);
    assert.ok(passed(v, 'no-flapping'));
    assert.ok(passed(v, 'scale-up') && passed(v, 'scale-down'));
  });

  it('overshoots max: fails right size with the recorded 12 replicas', async () => {
    const v = await verify('overshoots-max');
    assert.equal(v.status, 'scaling-failed');
    assert.equal(check(v, 'right-size').measured, 12);
    assert.ok(v.hints.some((h) => /above maxReplicaCount 10/.test(h)));
  });

  it('errors during scale-down: fails, with the recorded 5%', async () => {
    const v = await verify('errors-during-scale-down');
    assert.equal(v.status, 'scaling-failed');
    assert.deepEqual(failed(v), ['errors-while-scaling']);
    assert.ok(Math.abs(check(v, 'errors-while-scaling').measured! - 0.05) < 0.01);
  });

  it("the issue's case: scaling 1 → 6 → 1 but requests from one pod: could not run, naming the fix", async () => {
    const v = await verify('scraped-through-service');
    assert.equal(v.status, 'could-not-run');
    const spread = check(v, 'load-spread');
    assert.equal(spread.outcome, 'not-judged');
    assert.equal(spread.measured, null);
    assert.equal(
      spread.reason,
      'requests seen from 1 pod while 6 were ready: scrape the pods, not the Service',
    );
    assert.match(
      v.reason!,
      /required checks not judged: load-spread \(requests seen from 1 pod while 6 were ready/,
    );
    // Everything else was measured and passed: only the missing evidence stops a PASS.
    assert.deepEqual(
      v.checks.filter((c) => c.outcome !== 'pass').map((c) => c.id),
      ['load-spread'],
    );
  });

  it('missing kube-state-metrics: could not run, saying why', async () => {
    const v = await verify('missing-kube-state-metrics');
    assert.equal(v.status, 'could-not-run');
    assert.match(
      v.reason!,
      /kube-state-metrics series not found.*is kube-state-metrics deployed and scraped/,
    );
  });

  it('an unreachable Prometheus: could not run, never a pass', async () => {
    const v = await verifyScaling({
      prometheusUrl: 'http://127.0.0.1:1',
      namespace: 'healthy',
      deployment: 'crocodile-api',
      scaledObject: 'crocodile-api',
      start: new Date(start * 1000),
      end: new Date((start + SECONDS) * 1000),
      slo: await loadSlo(),
    });
    assert.equal(v.status, 'could-not-run');
    assert.match(v.reason!, /Prometheus at http:\/\/127\.0\.0\.1:1 is not reachable/);
  });

  it('renders the healthy and flapping reports in headless Chromium with their charts', async () => {
    const browser = await launchChromium();
    try {
      for (const name of ['healthy', 'flapping', 'scraped-through-service']) {
        const v = verdicts.get(name) ?? (await verify(name));
        const files = await writeReports(v, join(prom.dir, `report-${name}`));
        const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
        await page.goto(`file://${files.html}`);
        const status = { healthy: 'PASS', flapping: 'SCALING FAILED' }[name] ?? 'COULD NOT RUN';
        assert.equal(await page.textContent('#status'), status);
        if (status === 'COULD NOT RUN')
          assert.match(
            (await page.textContent('tr[data-check="load-spread"]'))!,
            /NOT JUDGED.*scrape the pods, not the Service/,
          );
        const drawn = await page.$$eval('path.series', (ps) =>
          ps
            .filter((p) => (p as unknown as { getBBox(): { width: number } }).getBBox().width > 0)
            .map((p) => p.getAttribute('data-series')),
        );
        for (const s of ['desired (HPA)', 'ready (Deployment)', 'predicted (model)', 'KEDA metric'])
          assert.ok(drawn.includes(s), `${name}: ${s} drawn`);
        const shot = join(prom.dir, `${name}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        assert.ok(
          inkRatio(decodePng(await import('node:fs').then((fs) => fs.readFileSync(shot)))) > 0.02,
          `${name}: not blank`,
        );
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});
