#!/usr/bin/env bash
# Builds the k6-operator controller ($K6_OPERATOR_VERSION, tools/versions.env) with Go into
# .tools/k8s/bin/k6-operator, from upstream's own source tree: its go.mod and go.sum pin every
# dependency, and its 'replace github.com/grafana/k6-operator => ./' is why neither 'go install'
# nor a wrapper module like KEDA's can build it (a wrapper needs the module's zip from the proxy).
# The source comes from, in order:
#   1. the Go module proxy (go mod download github.com/grafana/k6-operator@$K6_OPERATOR_VERSION);
#   2. K6_OPERATOR_SRC=<git repository or bundle> holding the tag, which must point at
#      $K6_OPERATOR_COMMIT (the proxy reachable from loadlab's CI answers 403 for v1.6.0's zip);
#      by default the bundle beside the checkout, ../shared/vendor/k6-operator-$K6_OPERATOR_VERSION.bundle,
#      when there is one (cloned, never built in: it is read-only in CI).
# Idempotent: a stamp next to the binary records the version it was built from.
# Cold on 2 cores: about 3 minutes with k6's modules already in the Go cache.
. "$(dirname "${BASH_SOURCE[0]}")/../../../tools/setup/lib.sh"

BIN="${LOCAL_CLUSTER_BIN:-$TOOLS_DIR/k8s/bin}"
STAMP="$BIN/.k6-operator.version"
MODULE=github.com/grafana/k6-operator
BUILD_TIMEOUT=30m

command -v go >/dev/null || fail "building k6-operator needs Go >= 1.26 (https://go.dev/doc/install); /usr/local/go/bin is not on PATH"
GOPROXY="$(go env GOPROXY | sed -E 's/[,|]direct$//')"
export GOPROXY GOTOOLCHAIN=local GOFLAGS=-mod=readonly

want="$K6_OPERATOR_VERSION $K6_OPERATOR_COMMIT"
if [ -x "$BIN/k6-operator" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$want" ]; then
  say "k6-operator $K6_OPERATOR_VERSION up to date in $BIN"
  exit 0
fi

work=$(mktemp -d); trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
if src=$(go mod download -json "$MODULE@$K6_OPERATOR_VERSION" 2>/dev/null | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p') && [ -n "$src" ]; then
  say "k6-operator $K6_OPERATOR_VERSION source: the Go module proxy"
  cp -r "$src/." "$work/" && chmod -R u+w "$work"
elif [ -n "${K6_OPERATOR_SRC:=$(ls "$LOADLAB_ROOT/../shared/vendor/k6-operator-$K6_OPERATOR_VERSION.bundle" 2>/dev/null)}" ]; then
  if [ -f "$K6_OPERATOR_SRC" ]; then
    git clone -q --bare "$K6_OPERATOR_SRC" "$work/.src.git" 2>/dev/null || fail "K6_OPERATOR_SRC=$K6_OPERATOR_SRC is not a git bundle"
    repo="$work/.src.git"
  else
    repo="$K6_OPERATOR_SRC"
  fi
  commit=$(git -C "$repo" rev-parse "$K6_OPERATOR_VERSION^{commit}" 2>/dev/null) \
    || fail "K6_OPERATOR_SRC=$K6_OPERATOR_SRC has no tag $K6_OPERATOR_VERSION"
  [ "$commit" = "$K6_OPERATOR_COMMIT" ] \
    || fail "tag $K6_OPERATOR_VERSION in $K6_OPERATOR_SRC is $commit, but tools/versions.env pins $K6_OPERATOR_COMMIT"
  say "k6-operator $K6_OPERATOR_VERSION source: git $K6_OPERATOR_SRC at $commit (the Go proxy does not serve it)"
  git -C "$repo" archive "$commit" | tar -x -C "$work"
else
  fail "the Go module proxy ($GOPROXY) does not serve $MODULE@$K6_OPERATOR_VERSION; set K6_OPERATOR_SRC to a clone of https://github.com/grafana/k6-operator holding that tag"
fi

mkdir -p "$BIN"
say "building k6-operator $K6_OPERATOR_VERSION (first time: a few minutes)"
start=$(date +%s)
(cd "$work" && timeout "$BUILD_TIMEOUT" nice -n 10 go build -trimpath -o "$BIN/.k6-operator.tmp" ./cmd) \
  || { rm -f "$BIN/.k6-operator.tmp"; fail "building k6-operator failed (see the Go output above)"; }
mv -f "$BIN/.k6-operator.tmp" "$BIN/k6-operator"
echo "$want" > "$STAMP"
say "built k6-operator in $(($(date +%s) - start))s: $BIN/k6-operator"
