#!/usr/bin/env bash
# Cluster operations for loadlab. Every mutating command supports --dry-run,
# which prints the exact commands instead of running them.
#   kube.sh platform [--vendored] [--dry-run]         install KEDA and k6-operator (pinned); when the release
#                    URLs cannot be reached (or with --vendored or LOADLAB_PLATFORM_SOURCE=vendored),
#                    only their CRDs and RBAC, from platform/
#   kube.sh deploy   --overlay=minikube|aks [--image=REG/crocodile-api:TAG] [--dry-run]
#                    The image defaults to what crocodile-api's image targets recorded in
#                    dist/images/crocodile-api.json: docker-push (aks) or minikube-load (minikube).
#   kube.sh load     --suite=ramp|scale-out [--no-wait] [--timeout=SECONDS] [--dry-run]
#                    (re)starts that one k6-operator TestRun and waits until it is finished
#   kube.sh teardown --overlay=... [--dry-run]        removes what deploy and load made
# Secrets come from the environment at deploy time, never from files in git:
#   GRAFANA_ADMIN_PASSWORD (required; GRAFANA_ADMIN_USER defaults to loadlab)
#   REGISTRY_SERVER, REGISTRY_USERNAME, REGISTRY_PASSWORD (optional: image pull secret)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cmd="${1:-}"; shift || true
overlay=minikube; image=""; suite=""; dry=false; wait=true; timeout=1800; vendored=false
for a in "$@"; do
  case "$a" in
    --overlay=*) overlay="${a#*=}" ;;
    --image=*) image="${a#*=}" ;;
    --suite=*) suite="${a#*=}" ;;
    --timeout=*) timeout="${a#*=}" ;;
    --no-wait) wait=false ;;
    --vendored) vendored=true ;;
    --dry-run) dry=true ;;
    *) echo "kube.sh: unknown option $a" >&2; exit 2 ;;
  esac
done
# Versions and URLs: libs/k8s-manifests/src/constants.ts (PLATFORM); the vendored copies sit in platform/.
KEDA_URL="https://github.com/kedacore/keda/releases/download/v2.20.2/keda-2.20.2.yaml"
K6_OPERATOR_URL="https://raw.githubusercontent.com/grafana/k6-operator/v1.6.0/bundle.yaml"
KEDA_VENDORED="$here/platform/keda-v2.20.2.yaml"
K6_OPERATOR_VENDORED="$here/platform/k6-operator-v1.6.0.yaml"
# The label that selects one suite's TestRun (and, with "all", the scripts ConfigMap): src/resources/load.ts.
SUITE_LABEL=loadlab.dev/suite

run() {
  if $dry; then printf '+ %s\n' "$*"; else "$@"; fi
}
# Secrets are piped, so their values never appear in arguments or in the dry-run output.
secret() { # namespace type name args...
  local ns=$1 type=$2; shift 2
  if $dry; then printf '+ kubectl -n %s create secret %s %s--dry-run=client -o yaml | kubectl apply -f -\n' "$ns" "$type" "$(printf '%s ' "$@" | sed -E 's/=[^ ]*/=<from env>/g')"; return; fi
  kubectl -n "$ns" create secret "$type" "$@" --dry-run=client -o yaml | kubectl apply -f -
}
reachable() { curl -fsSIL --max-time 10 -o /dev/null "$1" 2>/dev/null; }

# The suites are the bundled scripts the load kustomization ships (generated from LOAD_SUITES).
suites() { (cd "$here/load/scripts" && ls -- *.js | sed 's/\.js$//' | tr '\n' ' ' | sed 's/ $//'); }

# Polls the TestRun's stage until finished (0) or error (1); gives up after $timeout seconds (1).
wait_testrun() {
  local name=$1 stage="" last="-" start=$SECONDS
  while [ $((SECONDS - start)) -lt "$timeout" ]; do
    stage=$(kubectl -n default get testrun "$name" -o 'jsonpath={.status.stage}' 2>/dev/null || true)
    [ "$stage" != "$last" ] && { echo "TestRun $name: ${stage:-pending} ($((SECONDS - start)) s)"; last=$stage; }
    case "$stage" in
      finished) return 0 ;;
      error) echo "kube.sh: TestRun $name failed (stage error): kubectl -n default describe testrun $name; the operator's log says why" >&2; return 1 ;;
    esac
    sleep 5
  done
  echo "kube.sh: TestRun $name not finished after ${timeout}s (stage ${stage:-none}); it keeps running: kubectl -n default get testrun $name" >&2
  return 1
}

case "$cmd" in
  platform)
    [ "${LOADLAB_PLATFORM_SOURCE:-}" = vendored ] && vendored=true
    if ! $vendored && ! $dry; then
      reachable "$KEDA_URL" && reachable "$K6_OPERATOR_URL" || {
        echo "kube.sh: the release URLs cannot be reached from here ($KEDA_URL, $K6_OPERATOR_URL)" >&2
        vendored=true
      }
    fi
    if $vendored; then
      echo "platform: applying the vendored, pinned CRDs and RBAC of KEDA 2.20.2 and k6-operator 1.6.0 (libs/k8s-manifests/platform)."
      echo "platform: their operators are NOT installed: run them yourself, or run platform again where the release URLs are reachable."
      run kubectl apply --server-side -f "$KEDA_VENDORED"
      run kubectl apply --server-side -f "$K6_OPERATOR_VENDORED"
      run kubectl wait --for=condition=Established --timeout=60s crd/scaledobjects.keda.sh crd/testruns.k6.io
    else
      run kubectl apply --server-side -f "$KEDA_URL"
      run kubectl apply --server-side -f "$K6_OPERATOR_URL"
    fi
    ;;
  deploy)
    [ -d "$here/overlays/$overlay" ] || { echo "kube.sh: no overlay '$overlay' (minikube, aks)" >&2; exit 2; }
    if [ -z "$image" ]; then
      record="${IMAGE_RECORD:-$here/../../dist/images/crocodile-api.json}"
      field=pushed producer="crocodile-api:docker-push --registry=<your registry>"
      [ "$overlay" = minikube ] && field=minikube producer="crocodile-api:minikube-load"
      image=$(node -p "(require('$record').$field) ?? ''" 2>/dev/null || true)
      if [ -z "$image" ]; then
        $dry || { echo "kube.sh: no crocodile-api image recorded for $overlay; run nx run $producer first, or pass --image=" >&2; exit 2; }
        image="<the image from nx run $producer>"
      fi
    fi
    echo "crocodile-api image: $image"
    [ -n "${GRAFANA_ADMIN_PASSWORD:-}" ] || $dry || { echo "kube.sh: set GRAFANA_ADMIN_PASSWORD (Grafana's admin password; never admin/admin)" >&2; exit 2; }
    # The Secret below needs its namespace before the stack is applied.
    run sh -c 'kubectl get namespace monitoring >/dev/null 2>&1 || kubectl create namespace monitoring'
    secret monitoring generic grafana-admin "--from-literal=admin-user=${GRAFANA_ADMIN_USER:-loadlab}" "--from-literal=admin-password=${GRAFANA_ADMIN_PASSWORD:-}"
    if [ -n "${REGISTRY_USERNAME:-}" ]; then
      secret default docker-registry regcred "--docker-server=${REGISTRY_SERVER:?set REGISTRY_SERVER}" "--docker-username=$REGISTRY_USERNAME" "--docker-password=${REGISTRY_PASSWORD:?set REGISTRY_PASSWORD}"
    fi
    target="$here/overlays/$overlay"
    if [ -n "$image" ]; then
      # A throwaway kustomization on top of the overlay pins the image built for this commit.
      work=$(mktemp -d "$here/.deploy-XXXX"); trap 'rm -rf "$work"' EXIT
      cat > "$work/kustomization.yaml" <<YAML
resources: [../overlays/$overlay]
patches:
  - target: {kind: Deployment, name: crocodile-api}
    patch: '[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "$image"}]'
YAML
      target="$work"
    fi
    # Server-side apply: the dashboards ConfigMap is too large for the last-applied annotation.
    run kubectl apply --server-side --force-conflicts -k "$target"
    run kubectl -n default rollout status deployment/crocodile-api --timeout=180s
    run kubectl -n monitoring rollout status deployment/prometheus --timeout=180s
    ;;
  load)
    valid=$(suites)
    [ -n "$suite" ] || { echo "kube.sh: load needs --suite=<name>; valid: $valid" >&2; exit 2; }
    case " $valid " in
      *" $suite "*) [[ "$suite" =~ ^[a-z0-9-]+$ ]] || { echo "kube.sh: unknown suite '$suite'; valid: $valid" >&2; exit 2; } ;;
      *) echo "kube.sh: unknown suite '$suite'; valid: $valid" >&2; exit 2 ;;
    esac
    [[ "$timeout" =~ ^[1-9][0-9]*$ ]] || { echo "kube.sh: --timeout must be a positive number of seconds, got '$timeout'" >&2; exit 2; }
    name="crocodile-$suite"
    # A cluster that cannot be reached is not a cluster without the CRD: say which one it is.
    if ! $dry && ! crd_err=$(kubectl get crd testruns.k6.io 2>&1 >/dev/null); then
      if [[ "$crd_err" == *NotFound* ]]; then
        echo "kube.sh: the TestRun CRD (k6-operator) is not installed; run nx run k8s-manifests:platform first" >&2
      else
        echo "kube.sh: could not ask the cluster for the TestRun CRD: $(tail -n1 <<<"$crd_err") (is the cluster up, and is kubectl's context the right one: kubectl config current-context?)" >&2
      fi
      exit 2
    fi
    # A finished TestRun is never run again by the operator: a new run needs a new object.
    # Foreground: its Jobs go first, so the new run does not meet the old run's Jobs.
    run kubectl -n default delete testrun "$name" --ignore-not-found --cascade=foreground --wait=true
    # Only the scripts ConfigMap (label "all") and this suite's TestRun, never the other suites.
    run kubectl apply --server-side -k "$here/load" -l "$SUITE_LABEL in ($suite,all)"
    echo "started TestRun $name (kubectl -n default get testrun $name)"
    if $wait && ! $dry; then wait_testrun "$name"; fi
    ;;
  teardown)
    run kubectl delete -k "$here/load" --ignore-not-found
    run kubectl delete -k "$here/overlays/$overlay" --ignore-not-found
    run kubectl -n monitoring delete secret grafana-admin --ignore-not-found
    run kubectl -n default delete secret regcred --ignore-not-found
    ;;
  *)
    sed -n '2,14p' "$0" >&2; exit 2 ;;
esac
