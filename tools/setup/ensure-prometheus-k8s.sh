#!/usr/bin/env bash
# prometheus with Kubernetes service discovery, from the same pinned module as promtool
# (tools/promtool/go.mod: v2.53.4, the cluster's image), built with Go into .tools/promtool once.
# Debian's prometheus 2.42 is built without Kubernetes SD; the cluster-path e2e runs our cluster
# config against the local API server with this one. Without the web UI's assets (API only).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bin="$TOOLS_DIR/promtool/prometheus"
if [ ! -x "$bin" ]; then
  command -v go >/dev/null || fail "the cluster-path e2e needs Go to build prometheus (https://go.dev/doc/install)"
  say "building prometheus (v0.53.4 module, Kubernetes SD) with Go (first time only, a few minutes)"
  mkdir -p "$TOOLS_DIR/promtool"
  (cd "$LOADLAB_ROOT/tools/promtool" && GOTOOLCHAIN=local GOFLAGS=-mod=mod nice -n 10 go build -trimpath -o "$bin.tmp" github.com/prometheus/prometheus/cmd/prometheus) \
    || fail "building prometheus failed (see the Go output above)"
  mv "$bin.tmp" "$bin"
fi
