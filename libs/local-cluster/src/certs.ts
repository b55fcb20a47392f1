/**
 * The cluster's PKI, generated with openssl into workDir/pki: the cluster CA and its
 * apiserver serving cert and admin client cert, the front-proxy CA and client (the
 * aggregation layer's requestheader auth), the service-account key pair, and KEDA's CA
 * with one cert the operator (gRPC server), the adapter (gRPC client, HTTPS server) share.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireBinary, run } from '@loadlab/process-supervisor';

export interface CertPair {
  readonly cert: string;
  readonly key: string;
}

export interface Pki {
  readonly dir: string;
  readonly ca: CertPair;
  readonly apiserver: CertPair;
  readonly admin: CertPair;
  readonly frontProxyCa: CertPair;
  readonly frontProxyClient: CertPair;
  /** Service-account token signing key and its public key. */
  readonly serviceAccount: { readonly key: string; readonly pub: string };
  readonly keda: {
    readonly ca: CertPair;
    /** ca.crt, tls.crt, tls.key: the operator's and the adapter's --cert-dir. */
    readonly certDir: string;
    /** Only ca.crt: the operator's --ca-dir parses every file in it as PEM certificates. */
    readonly trustDir: string;
    readonly serving: CertPair;
  };
}

const DAYS = '30';
// Random serials (no shared .srl file: leaves are signed in parallel).
const serial = () => `0x1${randomBytes(15).toString('hex')}`;

async function openssl(args: string[], cwd: string): Promise<void> {
  const bin = requireBinary('openssl', 'apt-get install -y openssl');
  await run(bin, args, { cwd, timeoutMs: 30_000 });
}

async function ca(dir: string, name: string, cn: string): Promise<CertPair> {
  const pair = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  await openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      pair.key,
      '-out',
      pair.cert,
    ].concat(['-days', DAYS, '-subj', `/CN=${cn}`]),
    dir,
  );
  return pair;
}

interface LeafOptions {
  readonly subject: string;
  readonly usage: 'serverAuth' | 'clientAuth' | 'serverAuth,clientAuth';
  readonly altNames?: readonly string[];
}

async function leaf(
  dir: string,
  name: string,
  signer: CertPair,
  o: LeafOptions,
): Promise<CertPair> {
  const pair = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  await openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', pair.key, '-out', csr, '-subj', o.subject],
    dir,
  );
  await writeFile(
    ext,
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=digitalSignature,keyEncipherment',
      `extendedKeyUsage=${o.usage}`,
      ...(o.altNames ? [`subjectAltName=${o.altNames.join(',')}`] : []),
    ].join('\n') + '\n',
  );
  await openssl(
    ['x509', '-req', '-in', csr, '-CA', signer.cert, '-CAkey', signer.key].concat([
      '-set_serial',
      serial(),
      '-out',
      pair.cert,
      '-days',
      DAYS,
      '-extfile',
      ext,
    ]),
    dir,
  );
  return pair;
}

export async function createPki(dir: string): Promise<Pki> {
  const kedaCertDir = join(dir, 'keda');
  const kedaTrustDir = join(dir, 'keda-trust');
  await mkdir(kedaCertDir, { recursive: true });
  await mkdir(kedaTrustDir, { recursive: true });
  const [clusterCa, frontProxyCa, kedaCa] = await Promise.all([
    ca(dir, 'ca', 'loadlab-local-cluster-ca'),
    ca(dir, 'front-proxy-ca', 'loadlab-front-proxy-ca'),
    ca(dir, 'keda-ca', 'loadlab-keda-ca'),
  ]);
  const saKey = join(dir, 'sa.key');
  const saPub = join(dir, 'sa.pub');
  const [apiserver, admin, frontProxyClient, serving] = await Promise.all([
    leaf(dir, 'apiserver', clusterCa, {
      subject: '/CN=kube-apiserver',
      usage: 'serverAuth',
      altNames: [
        'DNS:localhost',
        'DNS:kubernetes',
        'DNS:kubernetes.default',
        'DNS:kubernetes.default.svc',
        'IP:127.0.0.1',
        'IP:10.0.0.1',
      ],
    }),
    leaf(dir, 'admin', clusterCa, { subject: '/O=system:masters/CN=admin', usage: 'clientAuth' }),
    leaf(dir, 'front-proxy-client', frontProxyCa, {
      subject: '/CN=front-proxy-client',
      usage: 'clientAuth',
    }),
    // The aggregator checks the adapter's cert for <service>.<namespace>.svc.
    leaf(kedaCertDir, 'tls', kedaCa, {
      subject: '/O=KEDAORG/CN=keda-operator',
      usage: 'serverAuth,clientAuth',
      altNames: [
        'DNS:localhost',
        'IP:127.0.0.1',
        'DNS:keda-operator.keda.svc.cluster.local',
        'DNS:keda-operator.keda.svc',
        'DNS:keda-metrics-apiserver.keda.svc',
      ],
    }),
    openssl(['genrsa', '-out', saKey, '2048'], dir).then(() =>
      openssl(['rsa', '-in', saKey, '-pubout', '-out', saPub], dir),
    ),
  ]);
  await copyFile(kedaCa.cert, join(kedaCertDir, 'ca.crt'));
  await copyFile(kedaCa.cert, join(kedaTrustDir, 'ca.crt'));
  return {
    dir,
    ca: clusterCa,
    apiserver,
    admin,
    frontProxyCa,
    frontProxyClient,
    serviceAccount: { key: saKey, pub: saPub },
    keda: { ca: kedaCa, certDir: kedaCertDir, trustDir: kedaTrustDir, serving },
  };
}
