#!/usr/bin/env bash
# Cluster operations for loadlab. Every mutating command supports --dry-run,
# which prints the exact commands instead of running them.
#   kube.sh platform [--dry-run]                      install KEDA and k6-operator (pinned)
#   kube.sh deploy   --overlay=minikube|aks [--image=REG/crocodile-api:TAG] [--dry-run]
#                    The image defaults to what crocodile-api's image targets recorded in
#                    dist/images/crocodile-api.json: docker-push (aks) or minikube-load (minikube).
#   kube.sh load     --suite=ramp|scale-out [--dry-run]   start a k6-operator TestRun
#   kube.sh teardown --overlay=... [--dry-run]
# Secrets come from the environment at deploy time, never from files in git:
#   GRAFANA_ADMIN_PASSWORD (required; GRAFANA_ADMIN_USER defaults to loadlab)
#   REGISTRY_SERVER, REGISTRY_USERNAME, REGISTRY_PASSWORD (optional: image pull secret)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cmd="${1:-}"; shift || true
overlay=minikube; image=""; suite=ramp; dry=false
for a in "$@"; do
  case "$a" in
    --overlay=*) overlay="${a#*=}" ;;
    --image=*) image="${a#*=}" ;;
    --suite=*) suite="${a#*=}" ;;
    --dry-run) dry=true ;;
    *) echo "kube.sh: unknown option $a" >&2; exit 2 ;;
  esac
done
# Versions and URLs: libs/k8s-manifests/src/constants.ts (PLATFORM).
KEDA_URL="https://github.com/kedacore/keda/releases/download/v2.20.2/keda-2.20.2.yaml"
K6_OPERATOR_URL="https://raw.githubusercontent.com/grafana/k6-operator/v1.6.0/bundle.yaml"

run() {
  if $dry; then printf '+ %s\n' "$*"; else "$@"; fi
}
# Secrets are piped, so their values never appear in arguments or in the dry-run output.
secret() {
  local ns=$1 name=$2; shift 2
  if $dry; then printf '+ kubectl -n %s create secret %s %s --dry-run=client -o yaml | kubectl apply -f -\n' "$ns" "$name" "$(printf '%s ' "$@" | sed -E 's/=[^ ]*/=<from env>/g')"; return; fi
  kubectl -n "$ns" create secret "$@" --dry-run=client -o yaml | kubectl apply -f -
}

case "$cmd" in
  platform)
    run kubectl apply --server-side -f "$KEDA_URL"
    run kubectl apply --server-side -f "$K6_OPERATOR_URL"
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
    run kubectl apply --server-side -k "$here/load"
    echo "started TestRun crocodile-$suite (kubectl -n default get testruns)"
    ;;
  teardown)
    run kubectl delete -k "$here/load" --ignore-not-found
    run kubectl delete -k "$here/overlays/$overlay" --ignore-not-found
    run kubectl -n monitoring delete secret grafana-admin --ignore-not-found
    ;;
  *)
    sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
