import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runSync } from '@loadlab/process-supervisor';
import { makeTempDir } from '@loadlab/testkit';
import { APP_JOB, GLOBAL, LOCAL_GLOBAL, localPrometheusConfig } from './config.ts';

describe('localPrometheusConfig', () => {
  it('scrapes crocodile-api every second (the cluster: every 5 s) with namespace and pod labels', () => {
    const c = localPrometheusConfig([{ address: '127.0.0.1:4000', pod: 'crocodile-api-0' }]);
    assert.equal(c.global, LOCAL_GLOBAL);
    assert.equal(c.global.scrape_interval, '1s');
    assert.equal(GLOBAL.scrape_interval, '5s');
    assert.deepEqual(c.scrape_configs[0], {
      job_name: APP_JOB,
      metrics_path: '/metrics',
      static_configs: [
        { targets: ['127.0.0.1:4000'], labels: { namespace: 'local', pod: 'crocodile-api-0' } },
      ],
    });
  });

  it('passes promtool check config', async () => {
    const dir = await makeTempDir();
    try {
      const file = join(dir.path, 'prometheus.yml');
      writeFileSync(
        file,
        JSON.stringify(localPrometheusConfig([{ address: '127.0.0.1:4000', pod: 'p' }])),
      );
      const out = runSync('promtool', ['check', 'config', file]).stdout;
      assert.match(out, /SUCCESS/);
    } finally {
      await dir.remove();
    }
  });
});
