#!/usr/bin/env bash
# Programs from Debian that only the tests run: wrk (the benchmarks' load generator; `bench --smoke`
# runs in ./loadlab test) and openssl (the local control plane's certificates).
# tools/src/required-programs.spec.ts fails when code needs a program no setup script installs.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  apt_install "${missing[@]}"
fi
