/**
 * Image names and tags. The tag is the git commit (short sha, with `-dirty` when the
 * work tree has uncommitted changes), so a running pod always points back to its source.
 */
import { runSync } from '@loadlab/process-supervisor';

export interface ImageOptions {
  /** Local name, e.g. crocodile-api. */
  readonly name: string;
  /** e.g. myregistry.azurecr.io or 127.0.0.1:5000; only push needs it. */
  readonly registry?: string;
  /** Repository in the registry; the local name by default. */
  readonly repository?: string;
  readonly tag: string;
  /** Also tag and push :latest. */
  readonly latest: boolean;
}

const REGISTRY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/i;
const REPOSITORY = /^[a-z0-9]+([._/-][a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

export function gitTag(cwd: string): string {
  const git = (...args: string[]) => runSync('git', args, { cwd, timeoutMs: 10_000 }).stdout.trim();
  try {
    const sha = git('rev-parse', '--short=12', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') ? `${sha}-dirty` : sha;
  } catch {
    throw new Error(
      'cannot read the git commit for the image tag; run inside the repository or pass --tag',
    );
  }
}

/** Checks each part and names the one that is wrong. */
export function validate(o: ImageOptions): void {
  if (o.registry !== undefined && !REGISTRY.test(o.registry)) {
    throw new Error(
      `registry must be a host[:port] such as myregistry.azurecr.io, got "${o.registry}"`,
    );
  }
  if (!REPOSITORY.test(o.repository ?? o.name)) {
    throw new Error(
      `repository must be lowercase path components such as team/crocodile-api, got "${o.repository}"`,
    );
  }
  if (!TAG.test(o.tag)) throw new Error(`tag must be 1-128 of [A-Za-z0-9_.-], got "${o.tag}"`);
  if (o.tag === 'latest')
    throw new Error('tag must not be "latest"; pass --latest to add it next to the sha tag');
}

/**
 * The local name carries the `localhost/` registry: podman adds it anyway, and minikube's
 * containerd then knows the image by the same name (the minikube overlay uses it, never pulled).
 */
export const localRef = (o: ImageOptions) => `localhost/${o.name}:${o.tag}`;

/**
 * minikube-load also tags the image with this, the tag libs/k8s-manifests/overlays/minikube names,
 * so a plain `kubectl apply -k` of that overlay finds it (deploy still pins the git-sha tag).
 */
export const MINIKUBE_TAG = 'dev';
export const minikubeRef = (o: ImageOptions) => `localhost/${o.name}:${MINIKUBE_TAG}`;

export function remoteRefs(o: ImageOptions): string[] {
  if (!o.registry) {
    throw new Error(
      'pushing needs a registry: pass --registry=myregistry.azurecr.io or set IMAGE_REGISTRY',
    );
  }
  const repo = `${o.registry}/${o.repository ?? o.name}`;
  return o.latest ? [`${repo}:${o.tag}`, `${repo}:latest`] : [`${repo}:${o.tag}`];
}

/** Registries on loopback speak plain HTTP; docker allows that by default, podman must be told. */
export const isLoopback = (registry: string) =>
  /^(localhost|127\.\d+\.\d+\.\d+)(:\d+)?$/.test(registry);
