/**
 * compose.yaml, for laptops with Docker. Only crocodile-api's image can be built on loadlab's CI machine
 * (apps/container-e2e runs it); Prometheus, InfluxDB, Grafana and k6 are pulled images and are not run
 * here. So the file is checked offline: docker-compose's own validation, and the facts it must share
 * with the manifests.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { findBinary, runSync } from '@loadlab/process-supervisor';
import { IMAGES } from './constants.ts';
import { ROOT } from './generate.ts';
import { tool } from './validate/promtool.ts';

const DIR = join(ROOT, 'compose');
const PROMTOOL = join(ROOT, '../../.tools/promtool/promtool');
interface Service {
  image: string;
  ports?: string[];
  volumes?: string[];
  read_only?: boolean;
  profiles?: string[];
}
const file = parse(readFileSync(join(DIR, 'compose.yaml'), 'utf8')) as {
  services: Record<string, Service>;
};
const compose = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  runSync('docker-compose', ['--profile', 'load', ...args], {
    cwd: DIR,
    okExitCodes: 'any',
    env: { ...process.env, ...env },
  });
const noCompose = findBinary('docker-compose')
  ? undefined
  : 'docker-compose is not installed (./loadlab test installs it with apt-get when it can)';

describe('compose.yaml', () => {
  it('is valid for docker-compose, with all five services', { skip: noCompose }, () => {
    const r = compose({ GRAFANA_ADMIN_PASSWORD: randomUUID() }, 'config', '--services');
    assert.equal(r.exitCode, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n').sort(), [
      'crocodile-api',
      'grafana',
      'influxdb',
      'k6',
      'prometheus',
    ]);
  });

  it(
    'refuses to start Grafana without an admin password from the environment (never admin/admin)',
    { skip: noCompose },
    () => {
      const env = { ...process.env };
      delete env['GRAFANA_ADMIN_PASSWORD'];
      const r = runSync('docker-compose', ['config', '-q'], { cwd: DIR, okExitCodes: 'any', env });
      assert.notEqual(r.exitCode, 0);
      assert.match(r.stderr, /set GRAFANA_ADMIN_PASSWORD/);
    },
  );

  it('pins the same images as the manifests, and publishes ports on 127.0.0.1 only', () => {
    const pinned = new Set<string>(Object.values(IMAGES));
    for (const [name, s] of Object.entries(file.services)) {
      if (name === 'crocodile-api')
        assert.equal(s.read_only, true, 'crocodile-api runs with a read-only root filesystem');
      else
        assert.ok(
          pinned.has(s.image),
          `${name}: ${s.image} is one of the manifests' pinned images`,
        );
      for (const p of s.ports ?? [])
        assert.match(p, /^127\.0\.0\.1:/, `${name}: ${p} binds to loopback`);
    }
    assert.deepEqual(file.services['k6']?.profiles, ['load'], 'k6 runs only on demand');
  });

  it('mounts only files that exist, and its Prometheus config passes promtool', () => {
    for (const [name, s] of Object.entries(file.services)) {
      for (const v of s.volumes ?? []) {
        const source = v.split(':')[0]!;
        if (source.startsWith('.'))
          assert.ok(existsSync(resolve(DIR, source)), `${name}: ${source} exists`);
      }
    }
    tool(existsSync(PROMTOOL) ? PROMTOOL : 'promtool', ['check', 'config', 'prometheus.yml'], DIR);
  });
});
