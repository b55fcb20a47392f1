/** Small typed builders for the shapes every workload repeats (kubernetes-models' interfaces). */
import type { IDeployment } from 'kubernetes-models/apps/v1';
import type {
  IAffinity,
  IContainer,
  IPodSecurityContext,
  IProbe,
  IResourceRequirements,
  ISecurityContext,
  INamespace,
  IService,
  IVolume,
} from 'kubernetes-models/v1';

export const namespace = (name: string): INamespace => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
});

export const labels = (app: string) => ({
  'app.kubernetes.io/name': app,
  'app.kubernetes.io/part-of': 'loadlab',
});

export function service(
  name: string,
  namespace: string,
  port: number,
  extra: { annotations?: Record<string, string> } = {},
): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace,
      labels: labels(name),
      ...(extra.annotations ? { annotations: extra.annotations } : {}),
    },
    spec: {
      type: 'ClusterIP',
      selector: labels(name),
      ports: [{ name: 'http', port, targetPort: 'http' }],
    },
  };
}

/** Non-root, read-only root filesystem, no capabilities, RuntimeDefault seccomp. */
export const restrictedContainer = (uid: number): ISecurityContext => ({
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: uid,
  runAsGroup: uid,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
});

export const podSecurity = (uid: number): IPodSecurityContext => ({
  runAsNonRoot: true,
  runAsUser: uid,
  fsGroup: uid,
  seccompProfile: { type: 'RuntimeDefault' },
});

export const resources = (
  cpu: string,
  memory: string,
  cpuLimit: string,
  memoryLimit: string,
): IResourceRequirements => ({
  requests: { cpu, memory, 'ephemeral-storage': '64Mi' },
  limits: { cpu: cpuLimit, memory: memoryLimit, 'ephemeral-storage': '1Gi' },
});

export const httpProbe = (path: string, extra: Omit<IProbe, 'httpGet'> = {}): IProbe => ({
  httpGet: { path, port: 'http' },
  periodSeconds: 10,
  ...extra,
});
/** Liveness that differs from readiness: is the process listening at all (a slow health endpoint must not restart it). */
export const tcpLiveness = (): IProbe => ({
  tcpSocket: { port: 'http' },
  periodSeconds: 20,
  failureThreshold: 3,
});

/** Runs as this unprivileged uid/gid (above 10000, outside host ranges) unless an image needs its own. */
export const APP_UID = 10001;

export function deployment(o: {
  name: string;
  namespace: string;
  replicas?: number;
  serviceAccountName?: string;
  podAnnotations?: Record<string, string>;
  containers: IContainer[];
  volumes?: IVolume[];
  uid: number;
  terminationGracePeriodSeconds?: number;
  affinity?: IAffinity;
}): IDeployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: o.name, namespace: o.namespace, labels: labels(o.name) },
    spec: {
      ...(o.replicas === undefined ? {} : { replicas: o.replicas }),
      selector: { matchLabels: labels(o.name) },
      template: {
        metadata: {
          labels: labels(o.name),
          ...(o.podAnnotations ? { annotations: o.podAnnotations } : {}),
        },
        spec: {
          ...(o.serviceAccountName
            ? { serviceAccountName: o.serviceAccountName }
            : { automountServiceAccountToken: false }),
          securityContext: podSecurity(o.uid),
          ...(o.terminationGracePeriodSeconds
            ? { terminationGracePeriodSeconds: o.terminationGracePeriodSeconds }
            : {}),
          ...(o.affinity ? { affinity: o.affinity } : {}),
          containers: o.containers,
          ...(o.volumes ? { volumes: o.volumes } : {}),
        },
      },
    },
  };
}
