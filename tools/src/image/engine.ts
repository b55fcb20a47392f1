/**
 * Which container engine runs the image targets: `docker` by default, `podman` when
 * CONTAINER_ENGINE says so, or when Docker's daemon is not reachable and podman is installed.
 */
import { findBinary, runSync } from '@loadlab/process-supervisor';

export type Engine = 'docker' | 'podman';
export const ENGINES: readonly Engine[] = ['docker', 'podman'];

export class EngineError extends Error {}

const onPath = (cmd: string, env: NodeJS.ProcessEnv) => findBinary(cmd, env) !== undefined;

/** `docker version` talks to the daemon; it fails fast when none answers. */
function dockerDaemonUp(env: NodeJS.ProcessEnv): boolean {
  try {
    // optional program: asked only when docker is on PATH; podman otherwise
    runSync('docker', ['version', '--format', '{{.Server.Version}}'], { env, timeoutMs: 10_000 });
    return true;
  } catch {
    return false;
  }
}

export function detectEngine(env: NodeJS.ProcessEnv = process.env): Engine {
  const chosen = env['CONTAINER_ENGINE']?.trim();
  if (chosen) {
    if (!ENGINES.includes(chosen as Engine)) {
      throw new EngineError(`CONTAINER_ENGINE must be docker or podman, got "${chosen}"`);
    }
    if (!onPath(chosen, env)) {
      throw new EngineError(`CONTAINER_ENGINE=${chosen}, but ${chosen} is not on PATH; install it`);
    }
    return chosen as Engine;
  }
  const docker = onPath('docker', env);
  const podman = onPath('podman', env);
  if (docker && (!podman || dockerDaemonUp(env))) return 'docker';
  if (podman) return 'podman';
  throw new EngineError(
    'no container engine: neither docker nor podman is on PATH. Install Docker (https://docs.docker.com/get-docker/) ' +
      'or podman (apt-get install podman), or set CONTAINER_ENGINE to the one you have',
  );
}
