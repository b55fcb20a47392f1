/** main.ts as a real process: startup errors, and the SIGTERM drain under load. */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { Agent, get } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startProcess } from '@loadlab/process-supervisor';
import { listen, makeTempDir, type TempDir } from '@loadlab/testkit';
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
    // Exit 0 and forced:false: the drain finished before SHUTDOWN_TIMEOUT_MS fired
    // (the process's own timer says so; no wall clock here).
    assert.equal(code, 0);
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

  it('a keep-alive connection older than MAX_CONNECTION_AGE_MS is closed by its next reply', async (t) => {
    const { proc, url } = await spawnApi({
      DB_FILE: join(dir.path, 'connection-age.json'),
      MAX_CONNECTION_AGE_MS: '1000',
    });
    t.after(() => proc.stop('SIGKILL'));
    // One socket at a time, kept alive, as a load generator's connection is.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    t.after(() => agent.destroy());
    const request = () =>
      new Promise<{ port: number; connection: string | undefined }>((resolve, reject) =>
        get(`${url}/livez`, { agent }, (res) => {
          const port = res.socket.localPort!; // read now: the socket is released at the end
          res.resume();
          res.on('end', () => resolve({ port, connection: res.headers.connection }));
        }).on('error', reject),
      );
    const young = [await request(), await request()];
    await sleep(1_100);
    const old = await request();
    const next = await request();
    assert.deepEqual(
      [...young, old, next].map((r) => r.connection),
      ['keep-alive', 'keep-alive', 'close', 'keep-alive'],
    );
    assert.equal(old.port, young[0]!.port, 'the old connection carried the closing reply');
    assert.notEqual(next.port, old.port, 'the client reconnected');
  });

  // The test timeout only bounds a broken run; the 408 is what shows the headers timeout fired.
  it(
    'closes a slow client (slowloris) after HEADERS_TIMEOUT_MS',
    { timeout: 60_000 },
    async (t) => {
      const { proc, url } = await spawnApi({
        DB_FILE: join(dir.path, 'slow.json'),
        HEADERS_TIMEOUT_MS: '1000',
        REQUEST_TIMEOUT_MS: '2000',
      });
      t.after(() => proc.stop('SIGKILL'));
      const { port } = new URL(url);
      const socket = connect(Number(port), '127.0.0.1');
      await once(socket, 'connect');
      const started = Date.now();
      socket.write('GET /crocodiles HTTP/1.1\r\nHost: x\r\nX-Slow: '); // headers never finish
      let reply = '';
      socket.on('data', (d) => (reply += d));
      await once(socket, 'close');
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `figure: slowloris connection closed after ${seconds.toFixed(1)} s (${reply.split('\r\n')[0] || 'no reply'})`,
      );
      // 408 Request Timeout is what Node's headersTimeout sends; any other close has no such reply.
      assert.match(reply, /^HTTP\/1\.1 408/);
      assert.equal((await call(`${url}/livez`)).status, 200);
    },
  );
});
