#!/usr/bin/env bash
# kube-score (policy checks on rendered manifests), pinned, built with Go into .tools/bin once.
# (kube-linter is not served by the Go module proxy here; kube-score covers the same checks.)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bin="$TOOLS_DIR/bin/kube-score"
if ! "$bin" version 2>/dev/null | grep -q "${KUBE_SCORE_VERSION#v}"; then
  command -v go >/dev/null || fail "kube-score needs Go to build (https://go.dev/doc/install), or put kube-score $KUBE_SCORE_VERSION on PATH as $bin"
  say "building kube-score $KUBE_SCORE_VERSION with Go (first time only)"
  GOBIN="$TOOLS_DIR/bin" GOFLAGS=-mod=mod go install "github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION" || fail "building kube-score failed"
fi
export PATH="$TOOLS_DIR/bin:$PATH"
