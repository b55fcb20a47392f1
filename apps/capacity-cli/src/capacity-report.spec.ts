import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { advise, peakProfile } from '@loadlab/capacity';
import { SCALING_POLICY } from '@loadlab/scaling';
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
  it('a given capacity says it was not measured', () =>
    assert.match(headline({ ...base, capacity: 120 }), /given with --capacity, not measured/));
});
