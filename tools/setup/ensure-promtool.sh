#!/usr/bin/env bash
# promtool with Kubernetes service discovery, pinned to the cluster's Prometheus
# (tools/promtool/go.mod), built with Go into .tools/promtool once. Debian's
# promtool 2.42 is built without it and rejects kubernetes_sd_configs.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bin="$TOOLS_DIR/promtool/promtool"
if [ ! -x "$bin" ]; then
  command -v go >/dev/null || fail "the cluster config check needs Go to build promtool (https://go.dev/doc/install)"
  say "building promtool (Prometheus v0.53.4 module) with Go (first time only, a few minutes)"
  mkdir -p "$TOOLS_DIR/promtool"
  (cd "$LOADLAB_ROOT/tools/promtool" && GOFLAGS=-mod=mod go build -trimpath -o "$bin.tmp" github.com/prometheus/prometheus/cmd/promtool) \
    || fail "building promtool failed (see the Go output above)"
  mv "$bin.tmp" "$bin"
fi
