#!/usr/bin/env bash
# Builds the local Kubernetes control plane's binaries with Go into .tools/k8s/bin:
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok,
#   keda-operator, keda-adapter, kube-state-metrics.
# Idempotent: a binary is (re)built only when it is missing or when the module version
# recorded in it (go version -m) differs from tools/versions.env. The wrapper modules in
# libs/local-cluster/go/<component> pin every dependency (go.mod + go.sum); kwok has no
# replace directives and is installed with a plain 'go install'.
# Network: the Go module proxy only (no VCS fallback, no toolchain download).
# Cold on 2 cores: about 20 minutes in all; nothing to do afterwards.
#
# With LOCAL_CLUSTER_REAL_NODE=1 also the real node's: kubelet and kube-proxy (same module as
# the control plane, so about 5 more minutes once it is built; 20 cold) and the stand-in pause.
#
# Usage: build-binaries.sh            (LOCAL_CLUSTER_BIN=<dir> builds elsewhere)
. "$(dirname "${BASH_SOURCE[0]}")/../../../tools/setup/lib.sh"

BIN="${LOCAL_CLUSTER_BIN:-$TOOLS_DIR/k8s/bin}"
GO_MODULES="$LOADLAB_ROOT/libs/local-cluster/go"
BUILD_TIMEOUT=45m # per 'go build'; a cold Kubernetes build takes about 7 minutes on 2 cores

K8S_LDFLAGS="$(k8s_ldflags)"
KEDA_LDFLAGS="-X github.com/kedacore/keda/v2/version.Version=${KEDA_VERSION#v}"
KSM_LDFLAGS="-X github.com/prometheus/common/version.Version=$KUBE_STATE_METRICS_VERSION"

command -v go >/dev/null || fail "building the local cluster needs Go >= 1.26 (https://go.dev/doc/install); /usr/local/go/bin is not on PATH"
go_minor=$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')
[ "${go_minor:-0}" -ge 26 ] || fail "building the local cluster needs Go >= 1.26 (KEDA $KEDA_VERSION requires it); found $(go env GOVERSION)"

# Only the module proxy: drop the 'direct' (VCS) fallback, never download a toolchain.
GOPROXY="$(go env GOPROXY | sed -E 's/[,|]direct$//')"
[ "$GOPROXY" != direct ] && [ "$GOPROXY" != off ] || fail "GOPROXY=$(go env GOPROXY): the build needs a Go module proxy"
export GOPROXY GOTOOLCHAIN=local GOFLAGS=-mod=mod

# The version of <module> recorded in <binary> (empty when the binary is missing).
built_version() {
  [ -x "$1" ] || return 0
  go version -m "$1" 2>/dev/null | awk -v m="$2" '($1 == "mod" || $1 == "dep") && $2 == m { print $3; exit }'
}

# Fails when a wrapper module pins another version than tools/versions.env.
check_pin() { # dir module version
  local pinned
  pinned=$(cd "$GO_MODULES/$1" && go list -m -f '{{.Version}}' "$2") || fail "cannot read $2 from libs/local-cluster/go/$1/go.mod"
  [ "$pinned" = "$3" ] || fail "libs/local-cluster/go/$1/go.mod pins $2 $pinned but tools/versions.env says $3: update the wrapper module (go get $2@$3 && go mod tidy there)"
}

# Names (among the arguments) whose binary is missing or records another version of module.
stale() { # module version name...
  local module=$1 version=$2 name
  shift 2
  for name in "$@"; do
    [ "$(built_version "$BIN/$name" "$module")" = "$version" ] || printf '%s ' "$name"
  done
}

# go build in a wrapper module, each binary into a temporary file, then into place.
# (Separate 'go build' runs share the build cache: only the link step is repeated.)
build_in() { # dir ldflags "out-name=package"...
  local dir=$1 ldflags=$2 spec name start=$(date +%s)
  shift 2
  for spec in "$@"; do
    name="${spec%%=*}"
    (cd "$GO_MODULES/$dir" && timeout "$BUILD_TIMEOUT" nice -n 10 go build -trimpath -ldflags "$ldflags" -o "$BIN/.$name.tmp" "${spec#*=}") \
      || { rm -f "$BIN/.$name.tmp"; fail "building $name failed (see the Go output above)"; }
    mv -f "$BIN/.$name.tmp" "$BIN/$name"
  done
  say "built ${*%%=*} in $(($(date +%s) - start))s"
}

mkdir -p "$BIN"
built=0

check_pin etcd go.etcd.io/etcd/server/v3 "$ETCD_VERSION"
if [ -n "$(stale go.etcd.io/etcd/server/v3 "$ETCD_VERSION" etcd)" ]; then
  say "building etcd ... $ETCD_VERSION (first time: about a minute)"
  build_in etcd "" "etcd=go.etcd.io/etcd/server/v3"
  built=1
fi

check_pin kubernetes k8s.io/kubernetes "$K8S_VERSION"
k8s_commands=(kube-apiserver kube-controller-manager kube-scheduler)
[ "${LOCAL_CLUSTER_REAL_NODE:-}" = 1 ] && k8s_commands+=(kubelet kube-proxy)
specs=()
for name in $(stale k8s.io/kubernetes "$K8S_VERSION" "${k8s_commands[@]}"); do
  specs+=("$name=k8s.io/kubernetes/cmd/$name")
done
if [ ${#specs[@]} -gt 0 ]; then
  say "building ${specs[*]%%=*} ... $K8S_VERSION (first time: several minutes)"
  build_in kubernetes "$K8S_LDFLAGS" "${specs[@]}"
  built=1
fi
for name in "${k8s_commands[@]}"; do
  [ "$("$BIN/$name" --version 2>/dev/null)" = "Kubernetes $K8S_VERSION" ] \
    || fail "$BIN/$name reports '$("$BIN/$name" --version 2>&1 | head -n1)', expected 'Kubernetes $K8S_VERSION'; delete it and run this again"
done

# The stand-in pause image's binary: static, stdlib only, seconds to build.
if [ "${LOCAL_CLUSTER_REAL_NODE:-}" = 1 ] && [ -n "$(stale loadlab.local/pause "(devel)" pause)" ]; then
  say "building the stand-in pause (libs/local-cluster/go/pause)"
  (cd "$GO_MODULES/pause" && CGO_ENABLED=0 timeout "$BUILD_TIMEOUT" go build -trimpath -ldflags '-s -w' -o "$BIN/.pause.tmp" .) \
    || { rm -f "$BIN/.pause.tmp"; fail "building pause failed (see the Go output above)"; }
  mv -f "$BIN/.pause.tmp" "$BIN/pause"
  built=1
fi

if [ -n "$(stale sigs.k8s.io/kwok "$KWOK_VERSION" kwok)" ]; then
  say "building kwok ... $KWOK_VERSION (first time: about 3 minutes)"
  tmp=$(mktemp -d "$BIN/.kwok.XXXXXX")
  start=$(date +%s)
  GOBIN="$tmp" timeout "$BUILD_TIMEOUT" nice -n 10 go install -trimpath "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" \
    || { rm -rf "$tmp"; fail "building kwok failed (see the Go output above)"; }
  mv -f "$tmp/kwok" "$BIN/kwok"
  rmdir "$tmp"
  say "built kwok in $(($(date +%s) - start))s"
  built=1
fi

check_pin keda github.com/kedacore/keda/v2 "$KEDA_VERSION"
specs=()
for name in $(stale github.com/kedacore/keda/v2 "$KEDA_VERSION" keda-operator keda-adapter); do
  specs+=("$name=github.com/kedacore/keda/v2/cmd/${name#keda-}")
done
if [ ${#specs[@]} -gt 0 ]; then
  say "building ${specs[*]%%=*} ... $KEDA_VERSION (first time: about 8 minutes)"
  build_in keda "$KEDA_LDFLAGS" "${specs[@]}"
  built=1
fi

check_pin kube-state-metrics k8s.io/kube-state-metrics/v2 "$KUBE_STATE_METRICS_VERSION"
if [ -n "$(stale k8s.io/kube-state-metrics/v2 "$KUBE_STATE_METRICS_VERSION" kube-state-metrics)" ]; then
  say "building kube-state-metrics ... $KUBE_STATE_METRICS_VERSION (first time: about 2 minutes)"
  build_in kube-state-metrics "$KSM_LDFLAGS" "kube-state-metrics=k8s.io/kube-state-metrics/v2"
  built=1
fi

if [ "$built" = 1 ]; then
  say "local cluster binaries ready in $BIN"
else
  say "local cluster binaries up to date in $BIN (Kubernetes $K8S_VERSION, etcd $ETCD_VERSION, kwok $KWOK_VERSION, KEDA $KEDA_VERSION, kube-state-metrics $KUBE_STATE_METRICS_VERSION)"
fi

# k6-operator has its own script: its source may come from a git repository instead of the proxy.
# Only the cluster-path e2e needs it, so its failure does not fail the control plane's build.
bash "$(dirname "${BASH_SOURCE[0]}")/build-k6-operator.sh" \
  || say "k6-operator was not built (see above); the rest of the control plane is ready"
