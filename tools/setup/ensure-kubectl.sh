#!/usr/bin/env bash
# kubectl, for `kubectl kustomize` (k8s-manifests:build) and the cluster tests: the machine's when
# it has one, else kubectl $K8S_VERSION built with Go from the control plane's wrapper module
# (libs/local-cluster/go/kubernetes) into .tools/k8s/bin, once: a few minutes, and the control
# plane's own build reuses the module downloads. Source it so PATH reaches the caller.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bin="$TOOLS_DIR/k8s/bin/kubectl"
if ! command -v kubectl >/dev/null && [ ! -x "$bin" ]; then
  command -v go >/dev/null || fail "kubectl is needed and Go is not installed to build it.
  Either install Go >= 1.26 (https://go.dev/doc/install) and run this again,
  or install kubectl yourself (https://kubernetes.io/docs/tasks/tools/) and put it on PATH."
  say "building kubectl $K8S_VERSION with $(go version | cut -d' ' -f3) (first time only, a few minutes)"
  mkdir -p "$(dirname "$bin")"
  (cd "$LOADLAB_ROOT/libs/local-cluster/go/kubernetes" \
    && GOTOOLCHAIN=local GOFLAGS=-mod=mod go build -trimpath -ldflags "$(k8s_ldflags)" -o "$bin.tmp" k8s.io/kubernetes/cmd/kubectl) \
    || { rm -f "$bin.tmp"; fail "building kubectl failed (see the Go output above)"; }
  mv "$bin.tmp" "$bin"
fi
if [ -x "$bin" ]; then export PATH="$(dirname "$bin"):$PATH"; fi
