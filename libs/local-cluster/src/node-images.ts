/**
 * Images for the real node, which pulls nothing: the stand-in pause image (go/pause, one static
 * binary, labelled as a stand-in) and the caller's podman images (podman save | ctr import).
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { host } from './node-host.ts';
import { PAUSE_IMAGE } from './real-node-config.ts';

/** Only the Kubernetes CRI namespace: the kubelet sees images there. */
const CTR_NAMESPACE = 'k8s.io';

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

/**
 * A docker-archive (what `docker save` writes and `ctr images import` reads) holding one layer
 * with /pause. Written under dir; returns its path.
 */
export async function pauseImageArchive(pauseBin: string, dir: string): Promise<string> {
  const work = join(dir, 'pause-image');
  await rm(work, { recursive: true, force: true });
  await mkdir(join(work, 'rootfs'), { recursive: true });
  await copyFile(pauseBin, join(work, 'rootfs/pause'));
  const layer = join(work, 'layer.tar');
  await host('tar', [
    '-C',
    join(work, 'rootfs'),
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    '--mode=0755',
    '-cf',
    layer,
    'pause',
  ]);
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: {
      Entrypoint: ['/pause'],
      Labels: {
        'org.loadlab.stand-in':
          'for registry.k8s.io/pause (no registry here); built by libs/local-cluster from go/pause',
      },
    },
    rootfs: { type: 'layers', diff_ids: [`sha256:${await sha256(layer)}`] },
  });
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  await writeFile(join(work, configName), config);
  await writeFile(
    join(work, 'manifest.json'),
    JSON.stringify([{ Config: configName, RepoTags: [PAUSE_IMAGE], Layers: ['layer.tar'] }]),
  );
  const archive = join(dir, 'pause-image.tar');
  await host('tar', ['-C', work, '-cf', archive, 'manifest.json', configName, 'layer.tar']);
  await rm(work, { recursive: true, force: true });
  return archive;
}

export async function importArchive(socket: string, archive: string): Promise<void> {
  await host('ctr', ['-a', socket, '-n', CTR_NAMESPACE, 'images', 'import', archive], 300_000);
}

/** Copies a podman image (e.g. localhost/crocodile-api:<sha>) into the node's containerd. */
export async function importPodmanImage(socket: string, ref: string, dir: string): Promise<void> {
  const archive = join(dir, 'podman-image.tar');
  try {
    await host('podman', ['save', '--format', 'docker-archive', '-o', archive, ref], 300_000);
    await importArchive(socket, archive);
  } finally {
    await rm(archive, { force: true });
  }
}

/** The image references containerd holds for the kubelet. */
export async function nodeImages(socket: string): Promise<string[]> {
  const out = await host('ctr', ['-a', socket, '-n', CTR_NAMESPACE, 'images', 'ls', '-q']);
  return out.split('\n').filter((l) => l && !l.startsWith('sha256:'));
}

/** Running tasks (containers) in the kubelet's namespace. */
export async function runningTasks(socket: string): Promise<string[]> {
  const out = await host('ctr', ['-a', socket, '-n', CTR_NAMESPACE, 'tasks', 'ls']);
  return out
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[2] === 'RUNNING')
    .map((f) => f[0]!);
}

/** Last resort at teardown: SIGKILL every task still running, then remove the containers. */
export async function killAllTasks(socket: string): Promise<void> {
  const ctr = (args: string[]) =>
    host('ctr', ['-a', socket, '-n', CTR_NAMESPACE, ...args]).catch(() => '');
  for (const id of await runningTasks(socket).catch(() => [])) {
    await ctr(['tasks', 'kill', '-s', 'SIGKILL', id]);
  }
  const containers = (await ctr(['containers', 'ls', '-q'])).split('\n').filter(Boolean);
  for (const id of containers) {
    await ctr(['tasks', 'rm', '-f', id]);
    await ctr(['containers', 'rm', id]);
  }
}
