/**
 * Stands in for the kubelet's log endpoint, which kwok's fake node does not serve: the node's
 * InternalIP and kubelet port are pointed at an HTTPS server on 127.0.0.1, so the API server's
 * pods/log requests (k6-operator reads the initializer's `k6 inspect` output that way) reach it.
 * The API server does not verify the kubelet's certificate here (no --kubelet-certificate-authority),
 * so a throwaway self-signed one does.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import type { Kubectl } from '@loadlab/local-cluster';
import { runSync } from '@loadlab/process-supervisor';

export type LogSource = (namespace: string, pod: string, container: string) => Promise<string>;

export interface LogStandIn {
  readonly port: number;
  /** Every request served: "<namespace>/<pod>/<container> <status>", and why a 500. */
  readonly served: readonly string[];
  stop(): Promise<void>;
}

export async function startKubeletLogStandIn(o: {
  dir: string;
  node: string;
  kubectl: Kubectl;
  logs: LogSource;
}): Promise<LogStandIn> {
  const key = join(o.dir, 'kubelet-stand-in.key');
  const cert = join(o.dir, 'kubelet-stand-in.crt');
  runSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-subj',
    `/CN=${o.node}`,
    '-days',
    '1',
  ]);
  const served: string[] = [];
  const server: Server = createServer(
    { key: readFileSync(key), cert: readFileSync(cert) },
    (req, res) => {
      const m = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/?]+)/.exec(req.url ?? '');
      if (!m) {
        res.writeHead(404).end('only /containerLogs is served here\n');
        served.push(`${req.url} 404`);
        return;
      }
      const [, ns, pod, container] = m as unknown as [string, string, string, string];
      o.logs(ns, pod, container).then(
        (text) => {
          served.push(`${ns}/${pod}/${container} 200`);
          res.writeHead(200, { 'content-type': 'text/plain' }).end(text);
        },
        (err: Error) => {
          served.push(`${ns}/${pod}/${container} 500 (${err.message.trim()})`);
          res.writeHead(500).end(`${err.message}\n`);
        },
      );
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  // Only an InternalIP: the API server tries Hostname first, which resolves nowhere.
  await o.kubectl([
    'patch',
    'node',
    o.node,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({
      status: {
        addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
        daemonEndpoints: { kubeletEndpoint: { Port: port } },
      },
    }),
  ]);
  return {
    port,
    served,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
