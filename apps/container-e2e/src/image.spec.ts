/**
 * The crocodile-api image in a real engine (podman through its Docker API), with testcontainers:
 * read-only root filesystem, db on a named volume, CRUD and /metrics, a clean drain on stop,
 * and the data still there in a second container on the same volume.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parsePrometheusText } from '@loadlab/testkit';
import { builtImage } from './image-under-test.ts';
import { podman, skipReason, startDockerApi, type DockerApi } from './podman-service.ts';

const skip = skipReason();
if (skip) console.log(`# SKIP container image suite: ${skip}`);

describe('crocodile-api image (testcontainers on podman)', { skip }, () => {
  let api: DockerApi;
  let tc: typeof import('testcontainers');
  const volume = `loadlab-e2e-${process.pid}`;
  const image = skip ? '' : builtImage();

  before(async () => {
    api = await startDockerApi();
    process.env['DOCKER_HOST'] = api.dockerHost;
    // Ryuk's image cannot be pulled here, and /.dockerenv makes testcontainers guess the wrong host.
    process.env['TESTCONTAINERS_RYUK_DISABLED'] = 'true';
    process.env['TESTCONTAINERS_HOST_OVERRIDE'] = '127.0.0.1';
    tc = await import('testcontainers');
  });
  after(async () => {
    podman('volume', 'rm', '--force', volume);
    await api?.stop();
  });

  /** testcontainers has no setter for these two, so they go on the container's HostConfig. */
  const hardened = () => {
    const c = new tc.GenericContainer(image)
      .withExposedPorts(4000)
      .withEnvironment({ MIN_DELAY_MS: '0', MAX_DELAY_MS: '0' })
      .withPullPolicy({ shouldPull: () => false })
      .withWaitStrategy(tc.Wait.forHttp('/readyz', 4000).forStatusCode(200))
      .withStartupTimeout(30_000);
    const hostConfig = (
      c as unknown as { hostConfig: { ReadonlyRootfs?: boolean; Binds?: string[] } }
    ).hostConfig;
    hostConfig.ReadonlyRootfs = true;
    hostConfig.Binds = [`${volume}:/data`];
    return c;
  };
  const baseUrl = (c: { getHost(): string; getMappedPort(p: number): number }) =>
    `http://${c.getHost()}:${c.getMappedPort(4000)}`;

  it('runs read-only with its db on a volume: readiness, CRUD and /metrics', async () => {
    const started = Date.now();
    const c = await hardened().start();
    try {
      const url = baseUrl(c);
      assert.equal((await fetch(`${url}/readyz`)).status, 200);
      const created = await fetch(`${url}/crocodiles`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Persisted', sex: 'F', date_of_birth: '2001-02-03', age: 25 }),
      });
      assert.equal(created.status, 201, await created.clone().text());
      const { id } = (await created.json()) as { id: number };
      const patched = await fetch(`${url}/crocodiles/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Persisted too' }),
      });
      assert.equal(patched.status, 200);
      assert.equal((await fetch(`${url}/crocodiles/1`, { method: 'DELETE' })).status, 200);
      assert.equal((await fetch(`${url}/crocodiles/1`)).status, 404);

      const metrics = parsePrometheusText(await (await fetch(`${url}/metrics`)).text());
      const posts = metrics.filter(
        (s) => s.name === 'node_http_requests_total' && s.labels['method'] === 'POST',
      );
      assert.equal(
        posts.reduce((n, s) => n + s.value, 0),
        1,
        'one POST counted',
      );

      // The root filesystem really is read-only; only /data is writable.
      const write = await c.exec([
        'sh',
        '-c',
        'touch /app/x 2>&1; touch /data/probe && echo data-ok',
      ]);
      assert.match(write.output, /Read-only file system/);
      assert.match(write.output, /data-ok/);
      assert.equal(
        (await c.exec(['id', '-u'])).output.trim(),
        '1000',
        'runs as the non-root node user',
      );
    } finally {
      const stopped = await c.stop({ remove: false, timeout: 10_000 });
      const info = await (
        await tc.getContainerRuntimeClient()
      ).container.inspect(
        (await tc.getContainerRuntimeClient()).container.getById(stopped.getId()),
      );
      const logs = podman('logs', stopped.getId());
      podman('rm', '--force', stopped.getId());
      // Drained: SIGTERM reached Node (no shell in between), and it stopped on its own.
      assert.equal(info.State.ExitCode, 0, `exit code 0 after SIGTERM; logs:\n${logs}`);
      assert.match(logs, /"forced":false[^\n]*"msg":"stopped"/);
      console.log(
        `# first container: started, exercised and drained in ${Date.now() - started} ms`,
      );
    }
  });

  it('a second container on the same volume still has the data', async () => {
    const c = await hardened().start();
    try {
      const url = baseUrl(c);
      const found = (await (
        await fetch(`${url}/crocodiles?name=Persisted%20too`)
      ).json()) as unknown[];
      assert.equal(found.length, 1, 'the created and patched crocodile survived the restart');
      assert.equal((await fetch(`${url}/crocodiles/1`)).status, 404, 'the delete survived too');
    } finally {
      await c.stop({ timeout: 10_000 });
    }
  });

  it('carries no build-time secrets: no CA or npm settings in its config or files', () => {
    const env = podman('image', 'inspect', '--format', '{{json .Config.Env}}', image);
    assert.doesNotMatch(env, /NODE_EXTRA_CA_CERTS|NPM_CONFIG|TOKEN|PASSWORD/i);
    const files = podman(
      'run',
      '--rm',
      image,
      'sh',
      '-c',
      'ls -a /app; ls /usr/local/etc /run/loadlab 2>&1; ls -a ~',
    );
    assert.doesNotMatch(files, /npmrc|host-ca|\.env/);
    assert.doesNotMatch(
      podman('history', '--no-trunc', '--format', '{{.CreatedBy}}', image),
      /npmrc|host-ca|PASSWORD|TOKEN/i,
    );
  });
});
