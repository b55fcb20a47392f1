/**
 * What the initializer pod would print: its own command (`k6 archive ... && k6 inspect
 * --execution-requirements ...`), run on this host by the real k6 (the version the image is
 * pinned to), with the pod's env and the script from the ConfigMap the pod mounts. Paths under
 * /test and /tmp move into a work folder; nothing else changes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Kubectl } from '@loadlab/local-cluster';
import { run } from '@loadlab/process-supervisor';

interface Pod {
  metadata: { name: string; namespace: string };
  spec: {
    containers: {
      name: string;
      command?: string[];
      env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
    }[];
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
    const env = Object.fromEntries(
      (c.env ?? []).map((e) => [e.name, e.value ?? fieldOf(pod, e.valueFrom?.fieldRef?.fieldPath)]),
    );
    const [shell, flag, script] = c.command.map((arg) => expand(arg, env));
    if (shell !== 'sh' || flag !== '-c' || !script) {
      throw new Error(`unexpected initializer command: ${JSON.stringify(c.command)}`);
    }
    // One pass, so a work folder that itself lives under /tmp is not rewritten twice.
    const local = script.replace(/(?<![\w./-])\/(test|tmp)\//g, (_m, d: string) => `${work}/${d}/`);
    // RunError names the command, its exit code and last lines: the 500 the API server relays says why.
    const r = await run('sh', ['-c', local], {
      timeoutMs: 60_000,
      env: { PATH: `${dirname(o.k6)}:/usr/bin:/bin`, HOME: work, ...env },
    });
    return r.stdout;
  };
}

/** The downward API fields the runners use. */
function fieldOf(pod: Pod, path: string | undefined): string {
  if (path === 'metadata.name') return pod.metadata.name;
  if (path === 'metadata.namespace') return pod.metadata.namespace;
  throw new Error(`the stand-in does not resolve the env field ${path ?? '(none)'}`);
}

/** The kubelet's expansion of $(VAR) in command and args: $$ escapes, unknown names stay as written. */
function expand(arg: string, env: Record<string, string>): string {
  return arg.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name?: string) =>
    name === undefined ? '$' : (env[name] ?? m),
  );
}
