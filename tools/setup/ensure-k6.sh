#!/usr/bin/env bash
# Makes k6 $K6_VERSION available as $K6 (and on PATH). In order:
#   1. .tools/bin/k6 when it is already that version (reused, no rebuild);
#   2. a k6 on PATH of the same major version;
#   3. a build from source with Go, pinned by tools/k6/go.mod + go.sum (~2 min once).
# Source it so K6 and PATH reach the caller.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

k6_version() { "$1" version 2>/dev/null | sed -n 's/^k6 \(v[0-9][0-9.]*\).*/\1/p' | head -n1; }
want_major="${K6_VERSION%%.*}"
local_k6="$TOOLS_DIR/bin/k6"

if [ "$(k6_version "$local_k6")" = "$K6_VERSION" ]; then
  K6="$local_k6"
elif command -v k6 >/dev/null && [ "$(k6_version k6 | cut -d. -f1)" = "$want_major" ]; then
  K6="$(command -v k6)"
  say "using $(k6_version k6) from PATH ($K6)"
else
  if ! command -v go >/dev/null; then
    fail "k6 $K6_VERSION is needed and Go is not installed to build it.
  Either install Go >= 1.25 (https://go.dev/doc/install) and run this again,
  or install k6 ${want_major}.x yourself (https://grafana.com/docs/k6/latest/set-up/install-k6/) and put it on PATH."
  fi
  say "building k6 $K6_VERSION from source with $(go version | cut -d' ' -f3) (first time only, about 2 minutes)"
  mkdir -p "$TOOLS_DIR/bin"
  start=$(date +%s)
  # GOFLAGS=-mod=mod: go.sum is the pin; the Go proxy serves the modules.
  (cd "$LOADLAB_ROOT/tools/k6" && GOFLAGS=-mod=mod go build -trimpath -o "$local_k6.tmp" go.k6.io/k6/v2) \
    || fail "building k6 failed (see the Go output above)"
  mv "$local_k6.tmp" "$local_k6"
  [ "$(k6_version "$local_k6")" = "$K6_VERSION" ] || fail "built k6 reports $(k6_version "$local_k6"), expected $K6_VERSION"
  say "built k6 $K6_VERSION in $(( $(date +%s) - start ))s: $local_k6"
  K6="$local_k6"
fi
export K6
export PATH="$(dirname "$K6"):$PATH"
