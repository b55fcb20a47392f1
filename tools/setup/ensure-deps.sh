#!/usr/bin/env bash
# Runs 'npm ci' under Node $NODE_MAJOR when node_modules is missing or older than the lockfile.
# (Under Node 20, npm would quietly resolve older packages that need Node 22+.)
. "$(dirname "${BASH_SOURCE[0]}")/ensure-node.sh"

stamp="$LOADLAB_ROOT/node_modules/.loadlab-lock.sha"
want=$(sha256sum "$LOADLAB_ROOT/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "npm ci (Node $(node --version))"
  (cd "$LOADLAB_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi
