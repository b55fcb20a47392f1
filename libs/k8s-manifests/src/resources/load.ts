/** k6-operator TestRuns for the bundled ramp and scale-out suites; applied on demand, not with the stack. */
import { IMAGES, NAMES, NS, PORTS, PROMETHEUS_URL, dns } from '../constants.ts';
import { K6_METRICS, K6_NATIVE_HISTOGRAMS_FEATURE } from '@loadlab/metrics';
import { SCALING_POLICY } from '@loadlab/scaling';
import type { IEnvVar } from 'kubernetes-models/v1';
import type { TestRun, TestRunPod } from '../crd-types/k6-test-run.ts';

export const LOAD_SUITES = ['ramp', 'scale-out'] as const;
export const SCRIPTS_CONFIGMAP = 'k6-scripts';
/** kube.sh load --suite=X applies the objects labelled X or ALL_SUITES (the scripts ConfigMap). */
export const SUITE_LABEL = 'loadlab.dev/suite';
export const ALL_SUITES = 'all';

export function testRun(suite: (typeof LOAD_SUITES)[number], parallelism = 4): TestRun {
  const env = (name: string, value: string): IEnvVar => ({ name, value });
  // Pinned to the k6 built locally (without an image the operator runs grafana/k6:latest).
  const pod: TestRunPod = {
    image: IMAGES.k6,
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      env('BASE_URL', dns(NAMES.api, NS.app, PORTS.api)),
      env('TESTID', `${suite}-cluster`),
      env('SCALE_THRESHOLD', String(SCALING_POLICY.threshold)),
      env('SCALE_MAX_REPLICAS', String(SCALING_POLICY.maxReplicas)),
      env('K6_PROMETHEUS_RW_SERVER_URL', `${PROMETHEUS_URL}/api/v1/write`),
      // Durations as native histograms: the runners' histograms sum into the run's percentiles.
      env('K6_FEATURES', K6_NATIVE_HISTOGRAMS_FEATURE),
    ],
    resources: {
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '1', memory: '1Gi' },
    },
  };
  return {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: { name: `crocodile-${suite}`, namespace: NS.app, labels: { [SUITE_LABEL]: suite } },
    spec: {
      parallelism,
      // The operator copies runner into initializer only when initializer is absent; spelled out,
      // `k6 inspect` sees the same image and env as the runners.
      initializer: structuredClone(pod),
      script: { configMap: { name: SCRIPTS_CONFIGMAP, file: `${suite}.js` } },
      // The testid ties all runners' samples together; edit it per run (or let the e2e script set it).
      // A --tag replaces the script's tags, so testid and suite are given again; instance=$(POD_NAME): each runner's series stay apart in Prometheus (Kubernetes expands
      // $(VAR) from the container's env in its command and args).
      arguments: `--tag testid=${suite}-cluster --tag suite=${suite} --tag ${K6_METRICS.label.instance}=$(POD_NAME) --out experimental-prometheus-rw`,
      runner: pod,
      starter: { image: IMAGES.k6OperatorStarter },
    },
  };
}
