#!/usr/bin/env bash
# Puts Node $NODE_MAJOR first on PATH. When the machine's Node is another major,
# it installs the npm package node@$NODE_VERSION into .tools/node (a real binary).
# Source it so the PATH change reaches the caller.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

local_bin="$TOOLS_DIR/node/node_modules/.bin"
if [ "$(node_major node)" != "$NODE_MAJOR" ]; then
  if [ "$(node_major "$local_bin/node")" != "$NODE_MAJOR" ]; then
    command -v npm >/dev/null || fail "need Node $NODE_MAJOR or npm to fetch it; install Node $NODE_MAJOR LTS"
    say "machine Node is $(node --version 2>/dev/null || echo missing); installing node@$NODE_VERSION into .tools/node"
    mkdir -p "$TOOLS_DIR/node"
    npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR/node" "node@$NODE_VERSION" >/dev/null
    [ "$(node_major "$local_bin/node")" = "$NODE_MAJOR" ] || fail "node@$NODE_VERSION did not install a working binary in $local_bin"
  fi
  export PATH="$local_bin:$PATH"
fi
