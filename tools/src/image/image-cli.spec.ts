/** The image targets' CLI, run for real: dry runs print the exact commands; bad input and missing engines say what is wrong. */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findBinary, runSync } from '@loadlab/process-supervisor';
import { makeTempDir } from '@loadlab/testkit';
import { WORKSPACE_ROOT } from '@loadlab/workspace';

const CLI = join(WORKSPACE_ROOT, 'tools/src/image/image-cli.ts');
const BASE = ['--name', 'crocodile-api', '--dockerfile', 'apps/crocodile-api/Dockerfile'];
const sha = runSync('git', ['rev-parse', '--short=12', 'HEAD'], {
  cwd: WORKSPACE_ROOT,
}).stdout.trim();

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runSync(process.execPath, [CLI, ...args], {
    cwd: WORKSPACE_ROOT,
    okExitCodes: 'any',
    env: { ...process.env, IMAGE_REGISTRY: '', IMAGE_TAG: '', IMAGE_BUILD_CA_BUNDLE: '', ...env },
  });
}

/** A PATH holding only git, sh and the given real tools. */
async function pathWith(...tools: string[]) {
  const dir = await makeTempDir('image-path-');
  mkdirSync(join(dir.path, 'bin'));
  for (const t of ['git', 'sh', ...tools]) {
    const real = findBinary(t);
    if (!real) throw new Error(`${t} is not on PATH`);
    symlinkSync(real, join(dir.path, 'bin', t));
  }
  return { PATH: join(dir.path, 'bin'), remove: dir.remove };
}

describe('image-cli (crocodile-api:docker-build, docker-push, minikube-load)', () => {
  it('build --dry-run prints the exact command, tagged with the git commit', () => {
    const r = cli(['build', ...BASE, '--dry-run'], { CONTAINER_ENGINE: 'podman' });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(
        `^\\+ podman build -f apps/crocodile-api/Dockerfile -t localhost/crocodile-api:${sha}(-dirty)? --label org\\.opencontainers\\.image\\.revision=${sha}`,
        'm',
      ),
    );
  });

  it('push --dry-run tags and pushes the sha and, with --latest, latest; plain HTTP only on loopback', () => {
    const r = cli(
      ['push', ...BASE, '--dry-run', '--registry=127.0.0.1:5000', '--tag=abc123', '--latest'],
      { CONTAINER_ENGINE: 'podman' },
    );
    assert.equal(r.exitCode, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      '+ podman tag localhost/crocodile-api:abc123 127.0.0.1:5000/crocodile-api:abc123',
      '+ podman push --tls-verify=false 127.0.0.1:5000/crocodile-api:abc123',
      '+ podman tag localhost/crocodile-api:abc123 127.0.0.1:5000/crocodile-api:latest',
      '+ podman push --tls-verify=false 127.0.0.1:5000/crocodile-api:latest',
    ]);
    const remote = cli(['push', ...BASE, '--dry-run', '--tag=abc123'], {
      CONTAINER_ENGINE: 'podman',
      IMAGE_REGISTRY: 'myregistry.azurecr.io',
    });
    assert.match(
      remote.stdout,
      /^\+ podman push myregistry\.azurecr\.io\/crocodile-api:abc123$/m,
      'TLS stays on for real registries',
    );
  });

  it("minikube-load --dry-run loads the sha tag and the minikube overlay's tag in one archive", () => {
    const r = cli(['minikube-load', ...BASE, '--dry-run', '--tag=abc123'], {
      CONTAINER_ENGINE: 'docker',
    });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      '+ docker tag localhost/crocodile-api:abc123 localhost/crocodile-api:dev',
      '+ docker save -o dist/images/crocodile-api.tar localhost/crocodile-api:abc123 localhost/crocodile-api:dev',
      '+ minikube image load dist/images/crocodile-api.tar',
    ]);
    const overlay = readFileSync(
      join(WORKSPACE_ROOT, 'libs/k8s-manifests/overlays/minikube/kustomization.yaml'),
      'utf8',
    );
    assert.match(
      overlay,
      /newName: localhost\/crocodile-api\n\s+newTag: dev\n/,
      'the overlay names that tag',
    );
  });

  it('the CA bundle for a build goes in as read-only mounts (podman), never as an image setting', () => {
    const r = cli(
      ['build', ...BASE, '--dry-run', '--ca-bundle=/etc/ssl/certs/ca-certificates.crt'],
      { CONTAINER_ENGINE: 'podman' },
    );
    assert.match(
      r.stdout,
      /-v \/etc\/ssl\/certs\/ca-certificates\.crt:\/run\/loadlab\/host-ca\.crt:ro -v \S+build-npmrc:\/usr\/local\/etc\/npmrc:ro/,
    );
    assert.doesNotMatch(r.stdout, /--env|--build-arg/);
    const docker = cli(['build', ...BASE, '--dry-run'], {
      CONTAINER_ENGINE: 'docker',
      IMAGE_BUILD_CA_BUNDLE: '/etc/ssl/certs/ca-certificates.crt',
    });
    assert.equal(docker.exitCode, 0, 'from the environment, docker just skips it');
    assert.match(
      docker.stderr,
      /IMAGE_BUILD_CA_BUNDLE ignored: docker build has no build-time mounts/,
    );
  });

  it('bad input names what is wrong', () => {
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [['push', ...BASE], {}, /pushing needs a registry: pass --registry=/],
      [
        ['push', ...BASE, '--registry=not a host!'],
        {},
        /registry must be a host\[:port\].*"not a host!"/,
      ],
      [['build', ...BASE, '--tag=latest'], {}, /tag must not be "latest"/],
      [['build', ...BASE, '--repository=Bad_Repo'], {}, /repository must be lowercase/],
      [['deploy', ...BASE], {}, /usage: image-cli\.ts build\|push\|minikube-load/],
      [
        ['build', ...BASE],
        { CONTAINER_ENGINE: 'rkt' },
        /CONTAINER_ENGINE must be docker or podman, got "rkt"/,
      ],
    ];
    for (const [args, env, message] of cases) {
      const r = cli([...args, '--dry-run'], { CONTAINER_ENGINE: 'podman', ...env });
      assert.notEqual(r.exitCode, 0, args.join(' '));
      assert.match(r.stderr, message);
    }
  });

  it('a missing engine gives a clear message, whether chosen or autodetected', async () => {
    const p = await pathWith();
    try {
      const none = cli(['build', ...BASE, '--dry-run'], { PATH: p.PATH, CONTAINER_ENGINE: '' });
      assert.equal(none.exitCode, 2);
      assert.match(none.stderr, /no container engine: neither docker nor podman is on PATH/);
      const chosen = cli(['build', ...BASE, '--dry-run'], {
        PATH: p.PATH,
        CONTAINER_ENGINE: 'docker',
      });
      assert.equal(chosen.exitCode, 2);
      assert.match(chosen.stderr, /CONTAINER_ENGINE=docker, but docker is not on PATH/);
    } finally {
      await p.remove();
    }
  });

  it(
    'docker is the default; podman is picked when no Docker daemon answers',
    {
      skip: !findBinary('podman') && 'podman is not installed',
    },
    async () => {
      const p = await pathWith('podman', 'docker');
      try {
        // This machine's docker CLI has no daemon behind it, so autodetection must fall back to podman.
        const r = cli(['build', ...BASE, '--dry-run'], {
          PATH: p.PATH,
          CONTAINER_ENGINE: '',
          DOCKER_HOST: 'unix:///nonexistent.sock',
        });
        assert.match(r.stdout, /^\+ podman build/m);
        assert.match(
          cli(['build', ...BASE, '--dry-run'], { CONTAINER_ENGINE: 'docker' }).stdout,
          /^\+ docker build/m,
        );
      } finally {
        await p.remove();
      }
    },
  );
});
