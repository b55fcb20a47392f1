#!/usr/bin/env bash
# Builds, with podman, the monitoring platform's images for the real node under the names our
# manifests give them (libs/k8s-manifests/src/constants.ts), from the same pinned binaries the host
# runs, since the node pulls nothing; and CoreDNS for in-cluster DNS:
#   quay.io/prometheus/prometheus:v2.<minor>.<patch>   .tools/promtool/prometheus (ensure-prometheus-k8s.sh)
#   registry.k8s.io/kube-state-metrics/kube-state-metrics:$KUBE_STATE_METRICS_VERSION   .tools/k8s/bin
#   registry.k8s.io/coredns/coredns:$COREDNS_VERSION    built here from github.com/coredns/coredns
# Stand-ins on the local Debian base (tools/setup/build-node-base-image.sh), labelled so.
# Idempotent: an image is rebuilt only when missing or built from another version.
. "$(dirname "${BASH_SOURCE[0]}")/../../../tools/setup/lib.sh"
set -euo pipefail

here="$LOADLAB_ROOT/libs/local-cluster/images"
BIN="${LOCAL_CLUSTER_BIN:-$TOOLS_DIR/k8s/bin}"
command -v podman >/dev/null || fail "podman is needed to build the platform images (apt-get install podman)"
command -v go >/dev/null || fail "building CoreDNS needs Go (https://go.dev/doc/install)"
. "$LOADLAB_ROOT/tools/setup/build-node-base-image.sh"

module_version() { go version -m "$1" 2>/dev/null | awk -v m="$2" '$1 == "dep" || $1 == "mod" { if ($2 == m) print $3 }' | head -n1; }
built_from() { podman image inspect --format '{{index .Labels "org.loadlab.built-from"}}' "$1" 2>/dev/null || true; }

# image  context-dir  binary  built-from
build() {
  local image=$1 dir=$2 binary=$3 from=$4
  [ "$(built_from "$image")" = "$from" ] && return 0
  local ctx
  ctx=$(mktemp -d /tmp/loadlab-image.XXXXXX)
  cp "$here/$dir/Containerfile" "$ctx/Containerfile"
  cp "$binary" "$ctx/$(basename "$binary")"
  podman build --pull=never -q -t "$image" \
    --label "org.loadlab.built-from=$from" \
    --label "org.loadlab.stand-in=for $image (no registry here); built by libs/local-cluster/scripts/build-platform-images.sh" \
    "$ctx" >/dev/null
  rm -rf "$ctx"
  say "built $image"
}

prom="$TOOLS_DIR/promtool/prometheus"
[ -x "$prom" ] || bash "$LOADLAB_ROOT/tools/setup/ensure-prometheus-k8s.sh"
pv=$(module_version "$prom" github.com/prometheus/prometheus)
[ -n "$pv" ] || fail "cannot read the Prometheus module version of $prom (go version -m)"
# Prometheus' Go module v0.X.Y is release v2.X.Y.
build "quay.io/prometheus/prometheus:v2.${pv#v0.}" prometheus "$prom" "prometheus $pv"

ksm="$BIN/kube-state-metrics"
[ -x "$ksm" ] || fail "$ksm is missing: npx nx run local-cluster:binaries"
kv=$(module_version "$ksm" k8s.io/kube-state-metrics/v2)
[ "$kv" = "$KUBE_STATE_METRICS_VERSION" ] || fail "$ksm is $kv, tools/versions.env pins $KUBE_STATE_METRICS_VERSION: rebuild it (npx nx run local-cluster:binaries)"
build "registry.k8s.io/kube-state-metrics/kube-state-metrics:$KUBE_STATE_METRICS_VERSION" kube-state-metrics "$ksm" "kube-state-metrics $kv"

coredns="$BIN/coredns"
if [ "$(module_version "$coredns" github.com/coredns/coredns)" != "$COREDNS_VERSION" ]; then
  say "building CoreDNS $COREDNS_VERSION from its Go module (static; first time several minutes)"
  # go.sum of the module pins the tree; only the Go module proxy is used.
  GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0 GOBIN="$BIN" \
    go install -trimpath -ldflags='-s -w' "github.com/coredns/coredns@$COREDNS_VERSION" ||
    fail "building CoreDNS failed (see the Go output above)"
fi
build "registry.k8s.io/coredns/coredns:$COREDNS_VERSION" coredns "$coredns" "coredns $COREDNS_VERSION"
