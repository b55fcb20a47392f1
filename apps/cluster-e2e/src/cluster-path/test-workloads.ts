/**
 * A StatefulSet and a DaemonSet for the e2e, so the workload panels (dashboard 8588's coverage)
 * have every kind to show. kwok marks their pods Ready; nothing runs.
 */
export const TEST_WORKLOADS = [
  { kind: 'StatefulSet', name: 'e2e-statefulset', metric: 'kube_statefulset_' },
  { kind: 'DaemonSet', name: 'e2e-daemonset', metric: 'kube_daemonset_' },
] as const;

export function testWorkloads(namespace = 'default'): string {
  const labels = (name: string) => ({ 'app.kubernetes.io/name': name });
  const pod = (name: string) => ({
    metadata: { labels: labels(name) },
    spec: {
      automountServiceAccountToken: false,
      containers: [
        {
          name,
          image: 'registry.k8s.io/pause:3.10',
          resources: { requests: { cpu: '10m', memory: '16Mi', 'ephemeral-storage': '1Mi' } },
        },
      ],
    },
  });
  const [sts, ds] = TEST_WORKLOADS;
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'apps/v1',
        kind: sts.kind,
        metadata: { name: sts.name, namespace, labels: labels(sts.name) },
        spec: {
          replicas: 2,
          serviceName: sts.name,
          selector: { matchLabels: labels(sts.name) },
          template: pod(sts.name),
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: ds.kind,
        metadata: { name: ds.name, namespace, labels: labels(ds.name) },
        spec: { selector: { matchLabels: labels(ds.name) }, template: pod(ds.name) },
      },
    ],
  });
}
