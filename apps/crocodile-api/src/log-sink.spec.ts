/**
 * Logging never stops serving: stdout's reader goes away (a log shipper that
 * restarts, `serve | head`). The full-disk cases are in disk-trouble.spec.ts.
 */
import assert from 'node:assert/strict';
// A stream API is needed here: the test closes its end of the child's stdout.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import { call, MAIN } from './test-support.ts';

let dir: TempDir;
before(async () => (dir = await makeTempDir('log-sink-')));
after(() => dir.remove());

it("stdout's reader leaves: EPIPE stops logging, serving goes on, SIGTERM exits 0", async () => {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      DB_FILE: join(dir.path, 'db.json'),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      MIN_DELAY_MS: '0',
      MAX_DELAY_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, 'exit');
  try {
    let out = '';
    for await (const chunk of child.stdout) {
      out += String(chunk);
      if (/"url":"http/.test(out)) break; // leaving the loop destroys the stream: the reader is gone
    }
    const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out)![1]!;
    assert.ok(child.stdout.destroyed);
    for (let i = 0; i < 300; i++) {
      const r = await call(`${url}/crocodiles/1`);
      assert.equal(r.status, 200, JSON.stringify(r.body) + i);
    }
    const created = await call(`${url}/crocodiles`, {
      method: 'POST',
      json: { name: 'Unlogged', sex: 'F', date_of_birth: '2020-02-02', age: 3 },
    });
    assert.equal(created.status, 201);
    assert.equal(child.exitCode, null, `still running; stderr: ${stderr}`);
    assert.match(
      stderr,
      /log lines cannot be written to stdout \(EPIPE\); serving goes on, logging stops/,
    );
    child.kill('SIGTERM');
    const [code] = await exited;
    assert.equal(code, 0, stderr);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
