/**
 * The image targets of a Node app: build, push, minikube-load. --dry-run prints the exact
 * commands. Credentials are never read here: push relies on the user's prior `docker login`.
 *
 *   node tools/src/image/image-cli.ts build|push|minikube-load --name crocodile-api --dockerfile apps/crocodile-api/Dockerfile
 *     [--registry=host[:port]] [--repository=path] [--tag=t] [--latest] [--ca-bundle=file] [--dry-run]
 *   env: CONTAINER_ENGINE (docker|podman), IMAGE_REGISTRY, IMAGE_REPOSITORY, IMAGE_TAG, IMAGE_BUILD_CA_BUNDLE
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findBinary, run, runSync } from '@loadlab/process-supervisor';
import { detectEngine, type Engine, EngineError } from './engine.ts';
import {
  gitTag,
  type ImageOptions,
  isLoopback,
  localRef,
  minikubeRef,
  remoteRefs,
  validate,
} from './image-ref.ts';
import { type ImageRecord, imageRecordPath, updateImageRecord } from '@loadlab/workspace';

const ACTIONS = ['build', 'push', 'minikube-load'] as const;
type Action = (typeof ACTIONS)[number];

/** Where npm inside the build finds the mounted CA bundle (see caBundleArgs). */
const BUILD_CA_PATH = '/run/loadlab/host-ca.crt';

export interface Plan {
  readonly commands: string[][];
  readonly record: ImageRecord;
}

/**
 * For networks that re-sign TLS with their own CA (loadlab's CI sandbox): the bundle and an npmrc that
 * points npm at it are mounted for RUN steps only, so neither the Dockerfile nor any layer or image
 * setting changes. `podman build --env` would leak into the image config, hence npm's global npmrc.
 */
function caBundleArgs(engine: Engine, bundle: string, npmrc: string): string[] {
  if (engine !== 'podman') {
    throw new Error(
      '--ca-bundle needs podman: docker build has no build-time mounts (use a BuildKit secret instead)',
    );
  }
  if (!existsSync(bundle)) throw new Error(`--ca-bundle: no such file ${bundle}`);
  return ['-v', `${resolve(bundle)}:${BUILD_CA_PATH}:ro`, '-v', `${npmrc}:/usr/local/etc/npmrc:ro`];
}

export function plan(
  action: Action,
  o: ImageOptions & {
    engine: Engine;
    dockerfile: string;
    caBundle?: string;
    npmrc: string;
    revision: string;
  },
): Plan {
  const local = localRef(o);
  switch (action) {
    case 'build':
      return {
        commands: [
          [
            o.engine,
            'build',
            '-f',
            o.dockerfile,
            '-t',
            local,
            '--label',
            `org.opencontainers.image.revision=${o.revision}`,
            '--label',
            `org.opencontainers.image.title=${o.name}`,
            ...(o.caBundle ? caBundleArgs(o.engine, o.caBundle, o.npmrc) : []),
            '.',
          ],
        ],
        record: { local, engine: o.engine },
      };
    case 'push': {
      const remotes = remoteRefs(o);
      const tls = o.engine === 'podman' && isLoopback(o.registry!) ? ['--tls-verify=false'] : [];
      return {
        commands: remotes.flatMap((r) => [
          [o.engine, 'tag', local, r],
          [o.engine, 'push', ...tls, r],
        ]),
        record: { pushed: remotes[0]! },
      };
    }
    case 'minikube-load': {
      // Through a tarball, so it works the same from docker and from podman. Both tags go in:
      // the git-sha one for deploy, the overlay's for a plain kubectl apply -k.
      const tar = join('dist/images', `${o.name}.tar`);
      const overlayRef = minikubeRef(o);
      return {
        commands: [
          [o.engine, 'tag', local, overlayRef],
          // podman saves more than one image only into a multi-image archive; docker always does.
          [
            o.engine,
            'save',
            ...(o.engine === 'podman' ? ['-m'] : []),
            '-o',
            tar,
            local,
            overlayRef,
          ],
          ['minikube', 'image', 'load', tar],
        ],
        record: { minikube: local },
      };
    }
  }
}

/** One step of the plan, printing to this terminal; a build from a cold cache can take a while. */
const runStep = (argv: readonly string[]) =>
  run(argv[0]!, argv.slice(1), { inheritOutput: true, timeoutMs: 30 * 60_000 });

/** The test runner sets IMAGE_BUILD_CA_BUNDLE wherever the host trusts an extra CA; only podman can use it. */
function envCaBundle(env: NodeJS.ProcessEnv, engine: Engine): string | undefined {
  const bundle = env['IMAGE_BUILD_CA_BUNDLE'] || undefined;
  if (bundle && engine !== 'podman') {
    console.error(
      `[image] IMAGE_BUILD_CA_BUNDLE ignored: ${engine} build has no build-time mounts`,
    );
    return undefined;
  }
  return bundle;
}

const has = (cmd: string) => findBinary(cmd) !== undefined;

function imageExists(engine: Engine, ref: string): boolean {
  try {
    runSync(engine, ['image', 'inspect', ref], { timeoutMs: 30_000 });
    return true;
  } catch {
    return false;
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      dockerfile: { type: 'string' },
      registry: { type: 'string' },
      repository: { type: 'string' },
      tag: { type: 'string' },
      latest: { type: 'boolean', default: false },
      'ca-bundle': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const action = positionals[0] as Action;
  if (!ACTIONS.includes(action) || !values.name || !values.dockerfile) {
    throw new Error(
      `usage: image-cli.ts ${ACTIONS.join('|')} --name <image> --dockerfile <file> [options]`,
    );
  }
  const root = process.cwd();
  const env = process.env;
  const engine = detectEngine(env);
  const revision = gitTag(root);
  const opts = {
    name: values.name,
    dockerfile: values.dockerfile,
    registry: values.registry ?? (env['IMAGE_REGISTRY'] || undefined),
    repository: values.repository ?? (env['IMAGE_REPOSITORY'] || undefined),
    tag: values.tag ?? (env['IMAGE_TAG'] || revision),
    latest: values.latest,
    caBundle: values['ca-bundle'] ?? envCaBundle(env, engine),
    npmrc: join(root, 'dist/images/build-npmrc'),
    engine,
    revision,
  };
  validate(opts);
  const { commands, record } = plan(action, opts);
  const dry = values['dry-run'];
  console.error(
    `[image] ${action} ${localRef(opts)} with ${engine}${dry ? ' (dry run: printing the commands)' : ''}`,
  );
  if (dry) {
    for (const c of commands) console.log(`+ ${c.join(' ')}`);
    return;
  }
  if (action !== 'build' && !imageExists(engine, localRef(opts))) {
    throw new Error(
      `no local image ${localRef(opts)}: run nx run ${opts.name}:docker-build first (same commit)`,
    );
  }
  if (action === 'minikube-load' && !has('minikube')) {
    throw new Error(
      'minikube is not on PATH; install it (https://minikube.sigs.k8s.io) or use kind load',
    );
  }
  await mkdir(join(root, 'dist/images'), { recursive: true });
  if (opts.caBundle) await writeFile(opts.npmrc, `cafile=${BUILD_CA_PATH}\n`);
  for (const c of commands) {
    console.error(`+ ${c.join(' ')}`);
    try {
      await runStep(c);
    } catch (err) {
      if (c[1] === 'push') {
        throw new Error(
          `${(err as Error).message}. If the registry needs credentials, run '${engine} login ${opts.registry}' first; loadlab never takes them itself`,
        );
      }
      throw err;
    }
  }
  await updateImageRecord(opts.name, record, root);
  console.error(`[image] done; recorded in ${imageRecordPath(opts.name, root)}`);
}

if (import.meta.main) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    const e = err as Error;
    console.error(`[image] error: ${e instanceof EngineError ? e.message : e.message}`);
    process.exit(e instanceof EngineError ? 2 : 1);
  });
}
