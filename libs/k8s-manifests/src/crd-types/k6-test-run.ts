/**
 * k6-operator's TestRun (k6.io/v1alpha1), typed by hand from the pinned CRD's openAPIV3Schema
 * (testruns.k6.io in the vendored platform/k6-operator-<version>.yaml). The runner, starter and initializer are pod templates;
 * their fields reuse kubernetes-models' core types. crd-types.spec.ts checks these declarations
 * against the CRD; validate/schemas.ts checks the rendered object against it too.
 */
import type { ObjectMeta } from './object-meta.ts';
import type {
  IAffinity,
  IContainer,
  IContainerPort,
  IEnvFromSource,
  IEnvVar,
  ILocalObjectReference,
  IPodSecurityContext,
  IProbe,
  IResourceRequirements,
  ISecurityContext,
  IToleration,
  ITopologySpreadConstraint,
  IVolume,
  IVolumeMount,
} from 'kubernetes-models/v1';

export interface TestRun {
  apiVersion: 'k6.io/v1alpha1';
  kind: 'TestRun';
  metadata: ObjectMeta & { name: string };
  spec: TestRunSpec;
}

export interface TestRunSpec {
  parallelism: number;
  script: {
    configMap?: { name: string; file?: string };
    volumeClaim?: { name: string; file?: string; readOnly?: boolean };
    localFile?: string;
  };
  /** Extra `k6 run` arguments, one string. */
  arguments?: string;
  args?: string[];
  separate?: boolean;
  cleanup?: 'post';
  /** The operator reads these as strings ("true"). */
  paused?: string;
  quiet?: string;
  testRunId?: string;
  token?: string;
  ports?: IContainerPort[];
  /** Istio sidecar handling (scuttle). */
  scuttle?: {
    enabled?: string;
    disableLogging?: boolean;
    envoyAdminApi?: string;
    genericQuitEndpoint?: string;
    istioQuitApi?: string;
    neverKillIstio?: boolean;
    neverKillIstioOnFailure?: boolean;
    quitWithoutEnvoyTimeout?: string;
    startWithoutEnvoy?: boolean;
    waitForEnvoyTimeout?: string;
  };
  runner?: TestRunPod;
  starter?: TestRunPod;
  initializer?: TestRunPod;
}

/** The pod template the operator uses for the runner, starter and initializer jobs. */
export interface TestRunPod {
  image?: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  imagePullSecrets?: ILocalObjectReference[];
  metadata?: { annotations?: Record<string, string>; labels?: Record<string, string> };
  env?: IEnvVar[];
  envFrom?: IEnvFromSource[];
  resources?: IResourceRequirements;
  securityContext?: IPodSecurityContext;
  containerSecurityContext?: ISecurityContext;
  livenessProbe?: IProbe;
  readinessProbe?: IProbe;
  affinity?: IAffinity;
  nodeSelector?: Record<string, string>;
  tolerations?: IToleration[];
  topologySpreadConstraints?: ITopologySpreadConstraint[];
  priorityClassName?: string;
  schedulerName?: string;
  serviceAccountName?: string;
  /** A string in this CRD ("true" / "false"), unlike a Pod's boolean. */
  automountServiceAccountToken?: string;
  initContainers?: Pick<
    IContainer,
    | 'name'
    | 'image'
    | 'command'
    | 'args'
    | 'env'
    | 'envFrom'
    | 'resources'
    | 'restartPolicy'
    | 'volumeMounts'
    | 'workingDir'
  >[];
  volumes?: IVolume[];
  volumeMounts?: IVolumeMount[];
  disabled?: boolean;
}
