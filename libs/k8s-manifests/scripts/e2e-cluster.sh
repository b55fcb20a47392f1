#!/usr/bin/env bash
# End to end on a real cluster (kind or minikube), for users who have one; it
# cannot run on a machine without a cluster. From the repository root:
#   GRAFANA_ADMIN_PASSWORD=... bash libs/k8s-manifests/scripts/e2e-cluster.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
kubectl cluster-info >/dev/null || { echo "e2e-cluster: no cluster reachable (kubectl cluster-info failed); start kind or minikube first" >&2; exit 2; }
kube=libs/k8s-manifests/scripts/kube.sh
npx nx run crocodile-api:minikube-load          # builds the image (git-sha tag) and records it for deploy
                                                # kind: kind load docker-image "$(node -p "require('./dist/images/crocodile-api.json').local")"
bash "$kube" platform
bash "$kube" deploy --overlay=minikube          # waits for the rollouts
bash "$kube" load --suite=scale-out             # one TestRun, remote write into Prometheus; waits until it finished (11 min)
kubectl -n monitoring port-forward svc/prometheus 9090:9090 >/dev/null & pf=$!
trap 'kill $pf' EXIT
sleep 420                                       # the 2m rate window drains, then the scale-down stabilization window
npx nx run load-tests:verify --prometheus=http://127.0.0.1:9090 --namespace=default --deployment=crocodile-api --scaledobject=crocodile-api
