/**
 * Policy for rendered manifests: kube-score (a real linter, built by
 * tools/setup/ensure-kube-score.sh) with each exception justified here, plus the
 * checks kube-score lacks (secret literals, LoadBalancer in base).
 */

export const KUBE_SCORE_EXCEPTIONS: Readonly<Record<string, string>> = {
  'container-image-pull-policy':
    'tags are pinned; Always would make every restart depend on the registry being up',
  'pod-networkpolicy':
    "NetworkPolicies need an enforcing CNI (minikube's default has none); the monitoring stack is ClusterIP-only",
  'deployment-replicas':
    "monitoring components run one replica each; crocodile-api's count belongs to the HPA that KEDA creates at runtime",
  'deployment-has-poddisruptionbudget':
    'crocodile-api has one; a PDB on a single-replica monitoring Deployment would only block node drains',
};

/** Env var names that carry credentials: their values must come from a Secret, never a literal. */
export const SECRET_ENV_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|CREDENTIAL/i;
