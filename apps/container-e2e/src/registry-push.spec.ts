/**
 * `nx run crocodile-api:docker-push` for real: into Debian's docker-registry (distribution 2.8)
 * on 127.0.0.1, then the image is pulled back by its git-sha tag and run.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  findBinary,
  freePort,
  run,
  runSync,
  startProcess,
  waitFor,
  type Proc,
} from '@loadlab/process-supervisor';
import { IMAGE_RECORD } from '@loadlab/e2e-fixtures';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import { WORKSPACE_ROOT } from '@loadlab/workspace';
import { builtImage } from './image-under-test.ts';
import { podman, skipReason } from './podman-service.ts';

const skip =
  skipReason() ??
  (findBinary('docker-registry') ? undefined : "Debian's docker-registry is not installed");
if (skip) console.log(`# SKIP registry push suite: ${skip}`);

describe('docker-push into a real registry, pulled back by sha and run', { skip }, () => {
  let dir: TempDir;
  let registry: Proc;
  let host: string;

  // docker-push records what it pushed; this test's throwaway registry must not stay in that record.
  const recordFile = IMAGE_RECORD;
  let record: string | undefined;

  before(async () => {
    record = await readFile(recordFile, 'utf8').catch(() => undefined);
    dir = await makeTempDir('loadlab-registry-');
    const port = await freePort();
    host = `127.0.0.1:${port}`;
    const config = join(dir.path, 'config.yml');
    await writeFile(
      config,
      [
        'version: 0.1',
        'storage:',
        `  filesystem: { rootdirectory: ${join(dir.path, 'data')} }`,
        'http:',
        `  addr: ${host}`,
        'log: { level: warn }',
      ].join('\n'),
    );
    registry = startProcess('docker-registry', ['serve', config]);
    await waitFor(async () => (await fetch(`http://${host}/v2/`)).ok, {
      what: `docker-registry on ${host}`,
      timeoutMs: 15_000,
    });
  });
  after(async () => {
    if (record !== undefined) await writeFile(recordFile, record);
    await registry?.stop();
    await dir?.remove();
  });

  it('pushes the sha tag with the target, pulls it back and runs it', async () => {
    const local = builtImage();
    const sha = local.split(':').pop()!;
    const head = runSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd: WORKSPACE_ROOT,
    }).stdout.trim();
    assert.match(sha, new RegExp(`^${head}(-dirty)?$`), 'tagged with the git commit');

    const started = Date.now();
    // A failed push is a RunError carrying nx's last lines.
    await run(
      'npx',
      [
        'nx',
        'run',
        'crocodile-api:docker-push',
        `--registry=${host}`,
        '--exclude-task-dependencies',
        '--output-style=static',
      ],
      {
        cwd: WORKSPACE_ROOT,
        env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
        timeoutMs: 15 * 60_000,
      },
    );
    const remote = `${host}/crocodile-api:${sha}`;
    const tags = (await (await fetch(`http://${host}/v2/crocodile-api/tags/list`)).json()) as {
      tags: string[];
    };
    assert.deepEqual(tags.tags, [sha], 'the registry holds exactly the sha tag');
    console.log(`# pushed ${remote} in ${Date.now() - started} ms`);

    // Forget the local copy of the remote name, so the run below really uses what was pulled.
    podman('rmi', remote);
    podman('pull', '--quiet', '--tls-verify=false', remote);
    const port = await freePort();
    const volume = `loadlab-pulled-${process.pid}`;
    const id = podman(
      'run',
      '-d',
      '--read-only',
      '-e',
      'MIN_DELAY_MS=0',
      '-e',
      'MAX_DELAY_MS=0',
      '-v',
      `${volume}:/data`,
      '-p',
      `127.0.0.1:${port}:4000`,
      remote,
    );
    try {
      const res = await waitFor(
        async () => {
          const r = await fetch(`http://127.0.0.1:${port}/crocodiles/2`);
          return r.ok && r;
        },
        { what: `the pulled image serving on ${port}`, timeoutMs: 30_000 },
      ).catch((err: Error) => {
        throw new Error(`${err.message}; container logs:\n${podman('logs', id)}`);
      });
      assert.equal(((await res.json()) as { id: number }).id, 2);
    } finally {
      podman('rm', '--force', '--time=5', id);
      podman('rmi', '--force', remote);
      podman('volume', 'rm', '--force', volume);
    }
  });
});
