/**
 * A client that reads a long, streamed list slowly: the server waits for the
 * socket piece by piece (http/json-stream.ts) and must not leave a listener
 * behind for each wait (a review found one 'close' listener leaked per piece).
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import { assertStillServesThenStops, spawnApi } from './test-support.ts';

let dir: TempDir;
before(async () => (dir = await makeTempDir('slow-reader-')));
after(() => dir.remove());

it('a slow reader of a 4 MB list gets all of it, and no listener leaks', async () => {
  const DB_FILE = join(dir.path, 'db.json');
  const notes = Array.from({ length: 20_000 }, (_, i) => ({ id: i + 1, text: 'n'.repeat(200) }));
  await writeFile(DB_FILE, JSON.stringify({ crocodiles: [], notes }));
  const api = await spawnApi({ DB_FILE });
  try {
    const { port } = new URL(api.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.write('GET /notes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    let bytes = 0;
    // Small reads with pauses: the server's socket buffer fills again and again.
    socket.setNoDelay(true);
    for await (const chunk of socket) {
      bytes += (chunk as Buffer).length;
      socket.pause();
      await sleep(2);
      socket.resume();
    }
    assert.ok(bytes > 4_000_000, `read ${bytes} bytes`);
    assert.doesNotMatch(api.proc.output(), /MaxListenersExceededWarning/);
    await assertStillServesThenStops(api);
  } finally {
    await api.proc.stop('SIGKILL');
  }
});
