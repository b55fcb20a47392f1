#!/usr/bin/env bash
# actionlint (checks the GitHub Actions workflow), pinned, built with Go into .tools/bin once.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bin="$TOOLS_DIR/bin/actionlint"
if [ "$("$bin" -version 2>/dev/null | head -n1)" != "$ACTIONLINT_VERSION" ]; then
  command -v go >/dev/null || fail "actionlint needs Go to build (https://go.dev/doc/install), or put actionlint $ACTIONLINT_VERSION at $bin"
  say "building actionlint $ACTIONLINT_VERSION with Go (first time only)"
  GOBIN="$TOOLS_DIR/bin" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" || fail "building actionlint failed"
fi
export PATH="$TOOLS_DIR/bin:$PATH"
