#!/usr/bin/env bash
# Programs from Debian that the tests and the cluster commands run: wrk (the benchmarks' load
# generator; `bench --smoke` runs in ./loadlab test), openssl (the local control plane's
# certificates) and curl (kube.sh platform checks the release URLs).
# tools/src/required-programs.spec.ts fails when code needs a program no setup script installs.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v openssl >/dev/null || missing+=(openssl)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  apt_install "${missing[@]}"
fi
