/** The machine's kubectl, pointed at one kubeconfig, bounded, failing with its stderr. */
import { spawn } from 'node:child_process';
import { requireBinary } from '@loadlab/process-supervisor';

export type Kubectl = (args: string[], stdin?: string) => Promise<string>;

export class KubectlError extends Error {}

export function kubectlFor(kubeconfig: string, timeoutMs = 60_000): Kubectl {
  const bin = requireBinary(
    'kubectl',
    'install kubectl, or run ./loadlab setup (it builds one into .tools/k8s/bin) and put that on PATH',
  );
  return (args, stdin) =>
    new Promise((resolve, reject) => {
      const child = spawn(bin, ['--kubeconfig', kubeconfig, ...args], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      const timer = setTimeout(() => {
        err += `\n(killed after ${timeoutMs} ms)`;
        if (child.pid) process.kill(child.pid, 'SIGKILL');
      }, timeoutMs);
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(new KubectlError(`kubectl ${args.join(' ')}: ${e.message}`));
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolve(out);
        else
          reject(
            new KubectlError(
              `kubectl ${args.join(' ')} failed (${code ?? signal}): ${err.trim() || out.trim()}`,
            ),
          );
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(stdin ?? '');
    });
}
