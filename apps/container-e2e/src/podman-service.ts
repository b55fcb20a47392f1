/**
 * A Docker-compatible API for the tests: `podman system service` on a private socket,
 * started and stopped by PID. testcontainers and the docker CLI then talk to podman.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findBinary, runSync, startProcess, waitUntilReady } from '@loadlab/process-supervisor';
import { makeTempDir, type TempDir } from '@loadlab/testkit';

export interface DockerApi {
  /** e.g. unix:///tmp/loadlab-podman-x/podman.sock */
  readonly dockerHost: string;
  stop(): Promise<void>;
}

/** Why the container suites cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  if (!findBinary('podman')) {
    return 'podman is not installed (./loadlab test installs it with apt-get when it can)';
  }
  if (process.getuid?.() !== 0) return 'the container suites run rootful podman; run them as root';
  return undefined;
}

export async function startDockerApi(): Promise<DockerApi> {
  const dir: TempDir = await makeTempDir('loadlab-podman-');
  const socket = join(dir.path, 'podman.sock');
  const proc = startProcess('podman', ['system', 'service', '--time=0', `unix://${socket}`]);
  try {
    // Fails at once, with podman's last lines, if podman exits instead.
    await waitUntilReady(proc, () => existsSync(socket), {
      what: `opening its API socket ${socket}`,
      timeoutMs: 20_000,
      stopSignal: 'SIGKILL',
    });
  } catch (err) {
    await dir.remove();
    throw err;
  }
  return {
    dockerHost: `unix://${socket}`,
    async stop() {
      await proc.stop('SIGTERM', 5_000);
      await dir.remove();
    },
  };
}

/** Runs the engine CLI (podman) and returns stdout; a failure is a RunError with podman's last lines. */
export function podman(...args: string[]): string {
  return runSync('podman', args, { timeoutMs: 120_000 }).stdout.trim();
}
