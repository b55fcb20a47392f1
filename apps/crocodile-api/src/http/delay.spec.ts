/**
 * The tutorial's delay, without the wall clock: the delays are read from the
 * timers the middleware sets (mocked), and the HTTP test counts random draws.
 */
import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import type { Request, Response } from 'express';
import { call, startTestApi } from '../test-support.ts';
import { randomDelay } from './delay.ts';

/** The delays (ms) the middleware schedules for `n` requests, with time mocked. */
function scheduledDelays(min: number, max: number, n: number, random?: () => number) {
  const delays: number[] = [];
  const spy = mock.method(globalThis, 'setTimeout', (fn: () => void, ms: number) => {
    delays.push(ms);
    fn();
    return 0 as unknown as NodeJS.Timeout;
  });
  try {
    const mw = randomDelay(min, max, random);
    let passed = 0;
    for (let i = 0; i < n; i++) mw({} as Request, {} as Response, () => passed++);
    assert.equal(passed, n, 'every request goes on after its delay');
  } finally {
    spy.mock.restore();
  }
  return delays;
}

describe('the /crocodiles delay', () => {
  it('waits exactly the drawn time: next() runs at the delay, not a millisecond before', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const draws = [0, 0.5, 0.9999];
      const mw = randomDelay(100, 300, () => draws.shift()!);
      for (const expected of [100, 200, 300]) {
        let passed = false;
        mw({} as Request, {} as Response, () => (passed = true));
        mock.timers.tick(expected - 1);
        assert.equal(passed, false, `not before ${expected} ms`);
        mock.timers.tick(1);
        assert.equal(passed, true, `at ${expected} ms`);
      }
    } finally {
      mock.timers.reset();
    }
  });

  it('spreads over the whole range, uniformly (10,000 draws of Math.random)', () => {
    const delays = scheduledDelays(100, 300, 10_000);
    // Bounds: never outside [min, max].
    assert.ok(Math.min(...delays) >= 100 && Math.max(...delays) <= 300);
    // Spread: a delay stuck at one value, or at the maximum, fails each of these.
    // Chances of a false failure with a fair uniform draw are below 1e-20 for each:
    // P(min > 105) = (195/201)^10000 ≈ e^-303; the mean's standard error is 0.58 ms
    // (10 ms is 17 of them); each quarter holds 2,500 ± 43 (the window is ± 11 of those).
    assert.ok(Math.min(...delays) <= 105, `reaches the minimum: ${Math.min(...delays)}`);
    assert.ok(Math.max(...delays) >= 295, `reaches the maximum: ${Math.max(...delays)}`);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    assert.ok(Math.abs(mean - 200) < 10, `mean ${mean}`);
    const quarters = [0, 0, 0, 0];
    for (const d of delays) quarters[Math.min(3, Math.floor((d - 100) / 50.25))]!++;
    for (const q of quarters) assert.ok(q > 2000 && q < 3000, `quarters ${quarters.join(',')}`);
  });

  it('applies MIN_DELAY_MS..MAX_DELAY_MS to /crocodiles only', async () => {
    let draws = 0;
    const api = await startTestApi({
      env: { MIN_DELAY_MS: '1', MAX_DELAY_MS: '2' },
      random: () => (draws++, 0),
    });
    try {
      for (const path of ['/crocodiles', '/crocodiles/1']) {
        const before = draws;
        assert.equal((await call(`${api.url}${path}`)).status, 200);
        assert.equal(draws, before + 1, `${path} is delayed`);
      }
      for (const path of ['/livez', '/readyz', '/metrics', '/db']) {
        const before = draws;
        await call(`${api.url}${path}`);
        assert.equal(draws, before, `${path} is not delayed`);
      }
    } finally {
      await api.close();
    }
  });

  it('0/0 disables it: no timer at all', () => {
    assert.deepEqual(scheduledDelays(0, 0, 10), []);
  });
});
