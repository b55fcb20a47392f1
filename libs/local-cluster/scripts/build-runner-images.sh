#!/usr/bin/env bash
# Builds, with podman, the images a k6-operator TestRun runs on the real node, under the names our
# TestRuns give them (libs/k8s-manifests/src/constants.ts), since the node pulls nothing:
#   docker.io/grafana/k6:<K6_VERSION without v>      the pinned k6 (tools/k6/go.mod), built static
#   ghcr.io/grafana/k6-operator:starter-<version>     sh + curl, as upstream's Dockerfile.starter
# Both are stand-ins on the local Debian base (tools/setup/build-node-base-image.sh), labelled so.
# Idempotent: an image is rebuilt only when missing or built from another version.
. "$(dirname "${BASH_SOURCE[0]}")/../../../tools/setup/lib.sh"
set -euo pipefail

here="$LOADLAB_ROOT/libs/local-cluster/images"
k6_image="docker.io/grafana/k6:${K6_VERSION#v}"
starter_image="ghcr.io/grafana/k6-operator:starter-$K6_OPERATOR_VERSION"
command -v podman >/dev/null || fail "podman is needed to build the runner images (apt-get install podman)"
. "$LOADLAB_ROOT/tools/setup/build-node-base-image.sh"

# The label records what an image was built from; a different value means rebuild.
built_from() { podman image inspect --format '{{index .Labels "org.loadlab.built-from"}}' "$1" 2>/dev/null || true; }

if [ "$(built_from "$k6_image")" != "k6 $K6_VERSION" ]; then
  ctx=$(mktemp -d /tmp/loadlab-k6-image.XXXXXX)
  trap 'rm -rf "$ctx"' EXIT
  say "building k6 $K6_VERSION static (CGO_ENABLED=0) for $k6_image"
  # Static: the image's base need not match the host's C library.
  (cd "$LOADLAB_ROOT/tools/k6" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags='-s -w' -o "$ctx/k6" go.k6.io/k6/v2) ||
    fail "building k6 failed (see the Go output above)"
  got=$("$ctx/k6" version | sed -n 's/^k6 \(v[0-9][0-9.]*\).*/\1/p' | head -n1)
  [ "$got" = "$K6_VERSION" ] || fail "the static k6 reports $got, expected $K6_VERSION"
  cp "$here/k6/Containerfile" "$ctx/Containerfile"
  podman build --pull=never -q -t "$k6_image" \
    --label "org.loadlab.built-from=k6 $K6_VERSION" \
    --label "org.loadlab.stand-in=for $k6_image (no registry here); built by libs/local-cluster/scripts/build-runner-images.sh" \
    "$ctx" >/dev/null
  say "built $k6_image"
fi

if [ "$(built_from "$starter_image")" != "k6-operator $K6_OPERATOR_VERSION" ]; then
  podman build --pull=never -q -t "$starter_image" \
    --label "org.loadlab.built-from=k6-operator $K6_OPERATOR_VERSION" \
    "$here/k6-operator-starter" >/dev/null
  say "built $starter_image"
fi
