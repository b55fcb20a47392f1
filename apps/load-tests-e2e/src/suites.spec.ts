/** Every suite, at the CI time scale, with the real k6 against a real crocodile-api (tutorial delay on). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readSuiteCatalog, thresholdResults } from '@loadlab/k6-runner';
import { WORKSPACE_K6 } from '@loadlab/workspace';
import { apiUnderTest, type ApiUnderTest, ciRun } from '@loadlab/e2e-fixtures';
import { seconds } from './support.ts';

// The one list (apps/load-tests/suites.json), as load-tests:build carries it. The capacity search
// is many k6 runs over plateaus it chooses; libs/capacity's capacity-proof spec runs it for real.
const SUITES = Object.entries(readSuiteCatalog(WORKSPACE_K6.bundleDir).suites)
  .filter(([, s]) => !s.capacitySearch)
  .map(([name]) => name);

describe('k6 suites (PROFILE=ci)', () => {
  let api: ApiUnderTest;
  before(async () => (api = await apiUnderTest({ prefix: 'load-tests-e2e-' })));
  after(() => api.close());

  for (const suite of SUITES) {
    it(`${suite} passes its thresholds and writes a parseable summary`, async () => {
      const r = await ciRun(api, suite, {
        dashboard: suite === 'smoke',
      });
      console.log(
        `figure: ${suite} ran in ${seconds(r)} s, ${r.summary?.metrics.http_reqs?.values.count} requests`,
      );
      assert.equal(r.status, 'passed', r.reason ?? r.output.slice(-1500));
      assert.equal(r.exitCode, 0);
      const s = r.summary!;
      assert.equal(s.suite, suite);
      assert.equal(s.testid, r.testid);
      for (const metric of [
        'http_reqs',
        'http_req_duration',
        'http_req_failed',
        'checks',
        'iterations',
      ]) {
        assert.ok(s.metrics[metric], `summary has ${metric}`);
      }
      assert.ok(s.metrics.http_reqs!.values.count! > 0);
      assert.ok(s.metrics.http_req_duration!.values['p(99)']! > 0, 'p99 is reported');
      assert.equal(s.metrics.checks!.values.rate, 1, 'every check passed');
      const thresholds = thresholdResults(s);
      assert.ok(thresholds.length >= 4);
      assert.deepEqual(
        thresholds.filter((t) => !t.ok),
        [],
      );
      if (suite === 'smoke') assert.ok(r.dashboardPath, 'the HTML dashboard was exported');
    });
  }
});
