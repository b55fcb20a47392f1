/**
 * The real KEDA operator and metrics adapter, run as local processes against the cluster.
 * The aggregator reaches the adapter through an ExternalName Service (it resolves those to
 * https://<externalName>:<port> itself, so no kube-proxy or Endpoints are needed) and an
 * APIService for external.metrics.k8s.io whose caBundle is KEDA's CA.
 */
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { freePort } from '@loadlab/process-supervisor';
import type { Pki } from './certs.ts';
import {
  ComponentNotReadyError,
  lastLines,
  startComponent,
  waitForComponent,
  type Component,
} from './component.ts';
import type { Kubectl } from './kubectl.ts';
import { probeOk } from './probe.ts';
import { kedaBundle, type ClusterVersions } from './versions.ts';

export const KEDA_NAMESPACE = 'keda';
export const EXTERNAL_METRICS_APISERVICE = 'v1beta1.external.metrics.k8s.io';
const ADAPTER_SERVICE = 'keda-metrics-apiserver';

export interface KedaOptions {
  readonly operatorBin: string;
  readonly adapterBin: string;
  readonly kubeconfig: string;
  readonly kubectl: Kubectl;
  readonly pki: Pki;
  readonly logDir: string;
  readonly versions: Pick<ClusterVersions, 'keda'>;
}

/** The keda namespace, the adapter's ExternalName Service and the APIService. */
export async function kedaApiObjects(adapterPort: number, caFile: string): Promise<string> {
  const caBundle = (await readFile(caFile)).toString('base64');
  const items = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: KEDA_NAMESPACE } },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: ADAPTER_SERVICE, namespace: KEDA_NAMESPACE },
      spec: {
        type: 'ExternalName',
        externalName: '127.0.0.1',
        ports: [{ name: 'https', port: adapterPort, targetPort: adapterPort }],
      },
    },
    {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: EXTERNAL_METRICS_APISERVICE },
      spec: {
        group: 'external.metrics.k8s.io',
        version: 'v1beta1',
        groupPriorityMinimum: 100,
        versionPriority: 100,
        service: { name: ADAPTER_SERVICE, namespace: KEDA_NAMESPACE, port: adapterPort },
        caBundle,
      },
    },
  ];
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

type Crd = { kind: 'CustomResourceDefinition'; metadata: { name: string } };

/** The CustomResourceDefinitions of KEDA's vendored release bundle (all six: the operator watches every kind). */
export async function kedaCrds(versions: Pick<ClusterVersions, 'keda'>): Promise<Crd[]> {
  return parseAllDocuments(await readFile(kedaBundle(versions), 'utf8'))
    .map((d) => d.toJS() as { kind?: string } | null)
    .filter((o): o is Crd => o?.kind === 'CustomResourceDefinition');
}

export async function installKedaCrds(
  kubectl: Kubectl,
  versions: Pick<ClusterVersions, 'keda'>,
): Promise<void> {
  const crds = await kedaCrds(versions);
  if (crds.length === 0)
    throw new Error(`${kedaBundle(versions)} holds no CustomResourceDefinition`);
  await kubectl(
    ['apply', '--server-side', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: crds }),
  );
  const names = crds.map((c) => `crd/${c.metadata.name}`);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...names]);
}

export async function startKeda(o: KedaOptions): Promise<Component[]> {
  await installKedaCrds(o.kubectl, o.versions);
  const adapterPort = await freePort();
  await o.kubectl(['apply', '-f', '-'], await kedaApiObjects(adapterPort, o.pki.keda.ca.cert));

  // Out of cluster: the adapter's controller-runtime client only reads $KUBECONFIG.
  const env = {
    KUBECONFIG: o.kubeconfig,
    POD_NAMESPACE: KEDA_NAMESPACE,
    KEDA_CLUSTER_OBJECT_NAMESPACE: KEDA_NAMESPACE,
    WATCH_NAMESPACE: '',
  };
  const [healthPort, grpcPort] = [await freePort(), await freePort()];
  const operator = startComponent({
    name: 'keda-operator',
    binary: o.operatorBin,
    logDir: o.logDir,
    env,
    args: [
      `--kubeconfig=${o.kubeconfig}`,
      '--leader-elect=false',
      `--metrics-bind-address=127.0.0.1:${await freePort()}`,
      `--health-probe-bind-address=127.0.0.1:${healthPort}`,
      // The gRPC metrics service the adapter asks for metric values (mutual TLS, KEDA's CA).
      `--metrics-service-bind-address=127.0.0.1:${grpcPort}`,
      `--cert-dir=${o.pki.keda.certDir}`,
      '--enable-cert-rotation=false',
      `--ca-dir=${o.pki.keda.trustDir}`,
      '--zap-log-level=info',
    ],
  });
  const adapter = startComponent({
    name: 'keda-adapter',
    binary: o.adapterBin,
    logDir: o.logDir,
    env,
    args: [
      `--lister-kubeconfig=${o.kubeconfig}`,
      `--authentication-kubeconfig=${o.kubeconfig}`,
      `--authorization-kubeconfig=${o.kubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${adapterPort}`,
      `--cert-dir=${o.pki.keda.certDir}`,
      `--tls-cert-file=${o.pki.keda.serving.cert}`,
      `--tls-private-key-file=${o.pki.keda.serving.key}`,
      `--metrics-service-address=127.0.0.1:${grpcPort}`,
      // The adapter's own Prometheus metrics; KEDA binds this one on every interface.
      `--port=${await freePort()}`,
      '--profiling=false',
    ],
  });
  const components = [operator, adapter];
  try {
    await waitForComponent(
      operator,
      `/readyz on 127.0.0.1:${healthPort}`,
      () => probeOk(`http://127.0.0.1:${healthPort}/readyz`),
      60_000,
    );
    let condition = '';
    await waitForComponent(
      adapter,
      `APIService ${EXTERNAL_METRICS_APISERVICE} Available`,
      async () => {
        condition = await o.kubectl([
          'get',
          'apiservice',
          EXTERNAL_METRICS_APISERVICE,
          '-o',
          'jsonpath={range .status.conditions[?(@.type=="Available")]}{.status} {.reason}: {.message}{end}',
        ]);
        return condition.startsWith('True');
      },
      120_000,
    ).catch((err: Error) => {
      throw new ComponentNotReadyError(
        `${err.message}\n  APIService condition: ${condition || 'none'}\n  last lines of ${operator.logFile}:\n${lastLines(operator, 8)}`,
      );
    });
  } catch (err) {
    for (const c of components.reverse()) await c.stop();
    throw err;
  }
  return components;
}
