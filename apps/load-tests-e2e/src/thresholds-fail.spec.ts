/** The negative case: a slow API fails the p95 threshold, k6 exits 99, and the summary says so. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { THRESHOLDS_FAILED, thresholdResults } from '@loadlab/k6-runner';
import { apiUnderTest, ciRun } from '@loadlab/e2e-fixtures';

describe('a failing threshold', () => {
  it('makes k6 exit 99 with the failure in the summary', async () => {
    const api = await apiUnderTest({
      prefix: 'load-tests-e2e-',
      env: { MIN_DELAY_MS: '900', MAX_DELAY_MS: '900' },
    });
    try {
      const r = await ciRun(api, 'load', {
        outName: 'slow',
      });
      assert.equal(r.exitCode, THRESHOLDS_FAILED);
      assert.equal(r.status, 'thresholds-failed');
      const failed = thresholdResults(r.summary!).filter((t) => !t.ok);
      assert.deepEqual(
        failed.map((t) => `${t.metric} ${t.expression}`),
        ['http_req_duration p(95)<700'],
      );
      assert.ok(r.summary!.metrics.http_req_duration!.values['p(95)']! >= 900);
      assert.match(r.output, /FAIL {2}http_req_duration p\(95\)<700/);
    } finally {
      await api.close();
    }
  });
});
