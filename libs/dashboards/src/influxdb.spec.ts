/** The InfluxDB dashboard's InfluxQL runs against a real InfluxDB fed by a real k6 run. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { apiUnderTest, ciRun } from '@loadlab/e2e-fixtures';
import { startInfluxdb } from '@loadlab/local-stack';
import { panelQueries, substitute } from './test-support.ts';

describe('k6 results (InfluxDB)', () => {
  it('every InfluxQL query returns points for the run', async () => {
    const api = await apiUnderTest({ prefix: 'dashboards-influx-' });
    const influx = await startInfluxdb({ dir: join(api.dir, 'influx') });
    try {
      const run = await ciRun(api, 'smoke', { outName: 'run', influxdb: influx.dbUrl('k6') });
      assert.equal(run.status, 'passed', run.output.slice(-1000));
      const queries = panelQueries('k6-results-influxdb.json');
      assert.equal(queries.length, 4);
      for (const q of queries) {
        const sql = substitute(q.query, {
          testid: run.testid,
          timeFilter: 'time > now() - 1h',
          __interval: '1s',
        });
        const series = await influx.query('k6', sql);
        const points = (series[0]?.values ?? []).filter((row) => row[1] !== null);
        assert.ok(points.length > 0, `${q.panel}: ${sql}`);
      }
    } finally {
      await influx.stop().catch(() => undefined);
      await api.close();
    }
  });
});
