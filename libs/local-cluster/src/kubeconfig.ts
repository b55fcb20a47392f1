/**
 * An admin kubeconfig with the certificates embedded, so the file stands alone.
 * Written as JSON (valid YAML, which kubectl and client-go read).
 */
import { readFile, writeFile } from 'node:fs/promises';

export interface KubeconfigOptions {
  readonly server: string;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** Cluster, user and context name. */
  readonly name?: string;
}

const b64 = async (file: string) => (await readFile(file)).toString('base64');

export async function writeKubeconfig(file: string, o: KubeconfigOptions): Promise<string> {
  const name = o.name ?? 'loadlab-local';
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name,
        cluster: { server: o.server, 'certificate-authority-data': await b64(o.caFile) },
      },
    ],
    users: [
      {
        name,
        user: {
          'client-certificate-data': await b64(o.certFile),
          'client-key-data': await b64(o.keyFile),
        },
      },
    ],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
  };
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return file;
}
