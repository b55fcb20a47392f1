#!/usr/bin/env bash
# k8s-manifests:build's last step: each overlay rendered with `kubectl kustomize` into
# dist/libs/k8s-manifests. kubectl comes from tools/setup/ensure-kubectl.sh (the machine's, or the
# pinned one in .tools/k8s/bin); its version is one of the build's inputs in project.json, since
# the kustomize inside it shapes the output.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
. tools/setup/ensure-kubectl.sh
out=dist/libs/k8s-manifests
mkdir -p "$out"
for pair in overlays/minikube:minikube overlays/aks:aks load:load; do
  kubectl kustomize "libs/k8s-manifests/${pair%%:*}" > "$out/${pair#*:}.yaml.tmp"
  mv "$out/${pair#*:}.yaml.tmp" "$out/${pair#*:}.yaml"
done
