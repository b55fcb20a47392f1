#!/usr/bin/env bash
# The container engine for the image tests: podman from Debian (this machine has no Docker daemon),
# runc, Debian's docker-registry (distribution 2.8) for the push/pull test, docker-compose to check
# compose.yaml, and a locally built stand-in for node:24-slim when no registry can be reached.
# Without apt or root it installs nothing and says so; the container tests then skip with a reason.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

missing=()
command -v podman >/dev/null || missing+=(podman)
command -v runc >/dev/null || missing+=(runc)
command -v docker-registry >/dev/null || missing+=(docker-registry)
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v debootstrap >/dev/null || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null && { [ "$(id -u)" = 0 ] || command -v sudo >/dev/null; }; then
    apt_install "${missing[@]}"
  else
    say "not installing ${missing[*]} (needs apt-get and root); the container image tests will skip"
  fi
fi
# Debian's podman defaults to crun, which fails in loadlab's CI sandbox; runc works everywhere.
export CONTAINERS_CONF="${CONTAINERS_CONF:-$LOADLAB_ROOT/tools/container/containers.conf}"
if command -v podman >/dev/null && [ "$(id -u)" = 0 ]; then
  # shellcheck source=build-node-base-image.sh
  (. "$(dirname "${BASH_SOURCE[0]}")/build-node-base-image.sh")
fi
