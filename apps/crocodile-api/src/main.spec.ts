/** main.ts as a real process: startup errors, and the SIGTERM drain under load. */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { listen, makeTempDir, startProcess, type TempDir } from '@loadlab/testkit';
import { MAIN, call, spawnApi } from './test-support.ts';

describe('crocodile-api process', () => {
  let dir: TempDir;
  before(async () => (dir = await makeTempDir()));
  after(() => dir.remove());

  const run = async (env: Record<string, string>) => {
    const proc = startProcess(process.execPath, [MAIN], {
      env: { ...process.env, DB_FILE: join(dir.path, 'db.json'), ...env },
    });
    const code = await proc.exited;
    return { code, output: proc.output() };
  };

  it('stops on bad config with a message naming the variable and value (exit 78)', async () => {
    const { code, output } = await run({ PORT: 'eighty' });
    assert.equal(code, 78);
    assert.match(output, /PORT must be an integer 0-65535, got "eighty"/);
  });

  it('stops with a clear message when the port is taken', async () => {
    const busy = await listen(() => undefined);
    try {
      const { code, output } = await run({ PORT: String(busy.port), HOST: '127.0.0.1' });
      assert.equal(code, 78);
      assert.match(output, new RegExp(`PORT ${busy.port} is already in use on 127.0.0.1`));
    } finally {
      await busy.close();
    }
  });

  it('refuses a corrupt db file and leaves it as it was', async () => {
    const file = join(dir.path, 'corrupt.json');
    await writeFile(file, '{"crocodiles": [{"id": 1,');
    const { code, output } = await run({ DB_FILE: file, PORT: '0' });
    assert.equal(code, 78);
    assert.match(output, /is not valid JSON/);
    assert.equal(await readFile(file, 'utf8'), '{"crocodiles": [{"id": 1,');
  });

  it('drains on SIGTERM: readiness 503, in-flight requests finish with 200, exit 0', async (t) => {
    const { proc, url } = await spawnApi({
      DB_FILE: join(dir.path, 'drain.json'),
      MIN_DELAY_MS: '800',
      MAX_DELAY_MS: '800',
      SHUTDOWN_DELAY_MS: '400',
      SHUTDOWN_TIMEOUT_MS: '5000',
    });
    t.after(() => proc.stop('SIGKILL'));
    const inFlight = Array.from({ length: 20 }, () => call(`${url}/crocodiles`));
    await sleep(200);
    const signalled = Date.now();
    proc.child.kill('SIGTERM');
    await sleep(100);
    const readiness = await call(`${url}/readyz`);
    const results = await Promise.all(inFlight);
    const code = await proc.exited;

    assert.equal(readiness.status, 503, 'readiness fails first');
    assert.deepEqual(
      results.map((r) => r.status),
      Array(20).fill(200),
      'every in-flight request completed',
    );
    assert.equal(code, 0);
    assert.ok(Date.now() - signalled < 5000, 'exited within SHUTDOWN_TIMEOUT_MS');
    assert.match(proc.output(), /"forced":false/);
  });

  it('logs one JSON line per request, in pino format', async (t) => {
    const { proc, url } = await spawnApi({ DB_FILE: join(dir.path, 'log.json') });
    t.after(() => proc.stop('SIGKILL'));
    await call(`${url}/crocodiles/2?q="quoted"`);
    assert.equal(await proc.stop('SIGTERM'), 0);
    const lines = proc
      .output()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const request = lines.find((l) => l.msg === 'request');
    assert.deepEqual(
      { ...request, time: typeof request?.time, ms: typeof request?.ms },
      {
        level: 30,
        app: 'crocodile-api',
        msg: 'request',
        method: 'GET',
        url: '/crocodiles/2?q=%22quoted%22',
        status: 200,
        ms: 'number',
        time: 'number',
      },
    );
    assert.ok(
      lines.some((l) => l.msg === 'stopped'),
      'buffered lines are flushed at exit',
    );
  });
});
