/** The machine's kubectl, pointed at one kubeconfig, bounded, failing with a RunError. */
import { requireBinary, run } from '@loadlab/process-supervisor';

export type Kubectl = (args: string[], stdin?: string) => Promise<string>;

export function kubectlFor(kubeconfig: string, timeoutMs = 60_000): Kubectl {
  const bin = requireBinary(
    'kubectl',
    'install kubectl, or run ./loadlab setup (it builds one into .tools/k8s/bin) and put that on PATH',
  );
  return async (args, stdin) =>
    (await run(bin, ['--kubeconfig', kubeconfig, ...args], { timeoutMs, input: stdin ?? '' }))
      .stdout;
}

/** A Deployment's ready replicas as the API server reports them: 0 while its status has none. */
export async function readyReplicas(
  kubectl: Kubectl,
  deployment: string,
  namespace = 'default',
): Promise<number> {
  const out = await kubectl([
    '-n',
    namespace,
    'get',
    'deployment',
    deployment,
    '-o',
    'jsonpath={.status.readyReplicas}',
  ]);
  return Number(out.trim() || 0);
}

/** The pods of an app (label app.kubernetes.io/name), as `kubectl get pods -o json` lists them. */
export async function appPods<T extends { metadata: { name: string } }>(
  kubectl: Kubectl,
  app: string,
  namespace = 'default',
): Promise<T[]> {
  const out = await kubectl([
    '-n',
    namespace,
    'get',
    'pods',
    '-l',
    `app.kubernetes.io/name=${app}`,
    '-o',
    'json',
  ]);
  return (JSON.parse(out) as { items: T[] }).items;
}
