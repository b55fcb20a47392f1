import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { call, startTestApi } from '../test-support.ts';

async function elapsed(url: string): Promise<number> {
  const start = performance.now();
  await call(url);
  return performance.now() - start;
}

describe('the /crocodiles delay', () => {
  it('applies MIN_DELAY_MS..MAX_DELAY_MS to /crocodiles only', async () => {
    const api = await startTestApi({ env: { MIN_DELAY_MS: '400', MAX_DELAY_MS: '400' } });
    try {
      assert.ok((await elapsed(`${api.url}/crocodiles`)) >= 400);
      assert.ok((await elapsed(`${api.url}/crocodiles/1`)) >= 400);
      // Not delayed: far below the 400 ms floor even on a busy machine.
      assert.ok((await elapsed(`${api.url}/livez`)) < 400);
      assert.ok((await elapsed(`${api.url}/metrics`)) < 400);
    } finally {
      await api.close();
    }
  });

  it('draws uniformly between the bounds', async () => {
    const draws = [0, 0.5, 0.999];
    const api = await startTestApi({
      env: { MIN_DELAY_MS: '100', MAX_DELAY_MS: '300' },
      random: () => draws.shift() ?? 0,
    });
    try {
      const times = [
        await elapsed(`${api.url}/crocodiles`),
        await elapsed(`${api.url}/crocodiles`),
        await elapsed(`${api.url}/crocodiles`),
      ];
      assert.ok(times[0]! >= 100, `min bound: ${times[0]}`);
      assert.ok(times[1]! >= 200, `midpoint: ${times[1]}`);
      assert.ok(times[2]! >= 300, `max bound: ${times[2]}`);
    } finally {
      await api.close();
    }
  });

  it('0/0 disables it', async () => {
    const api = await startTestApi({ env: { MIN_DELAY_MS: '0', MAX_DELAY_MS: '0' } });
    try {
      assert.ok((await elapsed(`${api.url}/crocodiles`)) < 400);
    } finally {
      await api.close();
    }
  });
});
