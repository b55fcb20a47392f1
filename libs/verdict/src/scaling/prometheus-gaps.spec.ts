/**
 * prometheusGap on a real Prometheus, backfilled with the `up` series it would have scraped: a
 * run it scraped throughout, a run it lost the first part of (restarted without its data), and a
 * Prometheus without any `up` (remote write only), where nothing can be told.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scenarioStart } from '@loadlab/prometheus-client';
import { backfilledPrometheus } from '../backfilled-prometheus.fixture.ts';
import { prometheusGap } from './prometheus-gaps.ts';

const SECONDS = 300;

describe('prometheusGap: does Prometheus hold the whole run?', () => {
  const start = scenarioStart();
  const at = (s: number) => new Date((start + s) * 1000);

  const prom = backfilledPrometheus('gaps-', start, (w) => {
    // Scraped every 5 s for the whole window, except 100-190 s (restarted, its data lost).
    for (let t = 0; t <= SECONDS; t += 5) {
      w.add('up', { job: 'whole' }, t, 1);
      if (t < 100 || t > 190) w.add('up', { job: 'restarted' }, t, 1);
      // One 15 s step without a scrape (195-210 s; Prometheus 2's windows include both ends).
      if (t < 195 || t > 210) w.add('up', { job: 'late' }, t, 1);
    }
  });

  it('a run inside the scraped span: no gap', async () => {
    assert.equal(await prometheusGap(prom.api, at(0), at(90)), undefined);
  });

  it('a span without scrapes is named, from where it starts to where it ends', async () => {
    // Narrowed to the job that lost its data (the other one fills the span).
    const gap = await prometheusGap(prom.api, at(60), at(SECONDS), '{job="restarted"}');
    assert.match(
      gap ?? '',
      /Prometheus holds no scrape from \S+ to \S+ \(\d+ of the run's 15 s steps/,
    );
    assert.match(gap ?? '', /cannot be judged/);
  });

  it('one step without a scrape (a late scrape on a busy machine) is no gap', async () => {
    assert.equal(await prometheusGap(prom.api, at(60), at(SECONDS), '{job="late"}'), undefined);
  });

  it('no `up` at all (a Prometheus fed by remote write only): nothing is claimed', async () => {
    assert.equal(await prometheusGap(prom.api, at(0), at(60), '{job="none"}'), undefined);
  });
});
