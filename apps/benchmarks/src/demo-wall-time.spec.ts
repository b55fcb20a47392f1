import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { phasesFrom, STARTUP_PHASE } from './demo-wall-time.ts';

describe('phasesFrom', () => {
  it('times each phase from its first progress line to the next phase, with the load planned length', () => {
    const lines: [number, string][] = [
      [1_000, '[1/8] checking tools, ports and config'],
      [1_500, '[2/8] starting crocodile-api'],
      [
        3_000,
        '[5/8] load: ramp (ci) against http://127.0.0.1:1234  0:00 elapsed, ~0:20 left (whole run 0:02)',
      ],
      [
        13_000,
        '[5/8] load: ramp (ci) against http://127.0.0.1:1234  0:10 elapsed, ~0:10 left (whole run 0:12)',
      ],
      [14_000, 'k6 says something'],
      [25_000, '[6/8] waiting for the final scrape  0:00 elapsed, ~0:06 left (whole run 0:24)'],
    ];
    assert.deepEqual(phasesFrom(lines, 400, 31_000), [
      { name: STARTUP_PHASE, seconds: 0.6 },
      { name: 'checking tools, ports and config', seconds: 0.5 },
      { name: 'starting crocodile-api', seconds: 1.5 },
      { name: 'load: ramp (ci) against http://127.0.0.1:1234', seconds: 22, plannedS: 20 },
      { name: 'waiting for the final scrape', seconds: 6, plannedS: 6 },
    ]);
  });

  it('finds nothing in output without progress lines', () => {
    assert.deepEqual(phasesFrom([[1, 'hello']], 0, 2), []);
  });
});
