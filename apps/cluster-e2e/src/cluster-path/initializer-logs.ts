/**
 * What the initializer pod would print: its own command (`k6 archive ... && k6 inspect
 * --execution-requirements ...`), run on this host by the real k6 (the version the image is
 * pinned to), with the pod's env and the script from the ConfigMap the pod mounts. Paths under
 * /test and /tmp move into a work folder; nothing else changes.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Kubectl } from '@loadlab/local-cluster';

interface Pod {
  spec: {
    containers: { name: string; command?: string[]; env?: { name: string; value?: string }[] }[];
    volumes?: { name: string; configMap?: { name: string } }[];
  };
}

export function initializerLogs(o: { kubectl: Kubectl; k6: string; dir: string }) {
  return async (namespace: string, podName: string, container: string): Promise<string> => {
    const pod = JSON.parse(
      await o.kubectl(['-n', namespace, 'get', 'pod', podName, '-o', 'json']),
    ) as Pod;
    const c = pod.spec.containers.find((x) => x.name === container);
    if (!c?.command) throw new Error(`pod ${podName} has no container ${container} with a command`);
    const work = join(o.dir, podName);
    for (const v of pod.spec.volumes ?? []) {
      if (!v.configMap) continue;
      const cm = JSON.parse(
        await o.kubectl(['-n', namespace, 'get', 'configmap', v.configMap.name, '-o', 'json']),
      ) as { data?: Record<string, string> };
      for (const [file, text] of Object.entries(cm.data ?? {})) {
        await mkdir(join(work, 'test'), { recursive: true });
        await writeFile(join(work, 'test', file), text);
      }
    }
    await mkdir(join(work, 'tmp'), { recursive: true });
    const [shell, flag, script] = c.command;
    if (shell !== 'sh' || flag !== '-c' || !script) {
      throw new Error(`unexpected initializer command: ${JSON.stringify(c.command)}`);
    }
    // One pass, so a work folder that itself lives under /tmp is not rewritten twice.
    const local = script.replace(/(?<![\w./-])\/(test|tmp)\//g, (_m, d: string) => `${work}/${d}/`);
    const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? '']));
    const r = spawnSync('sh', ['-c', local], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: `${dirname(o.k6)}:/usr/bin:/bin`, HOME: work, ...env },
    });
    if (r.status !== 0) {
      throw new Error(
        `the initializer's command failed here (${r.status}): ${r.stdout}${r.stderr}`,
      );
    }
    return r.stdout;
  };
}
