# Shared helpers for the setup scripts. Source it; do not run it.
# Every ensure-* script is idempotent: it checks first and installs only what is missing.
set -euo pipefail

LOADLAB_ROOT="${LOADLAB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
TOOLS_DIR="$LOADLAB_ROOT/.tools"
# shellcheck source=../versions.env
. "$LOADLAB_ROOT/tools/versions.env"

say() { printf '\033[1;34m[loadlab]\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[1;31m[loadlab] error:\033[0m %s\n' "$*" >&2; exit 1; }

# apt-get, with a single 'apt-get update' per machine boot at most.
apt_install() {
  command -v apt-get >/dev/null || fail "apt-get not found; install these packages yourself: $*"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ ! -f /tmp/.loadlab-apt-updated ]; then
    say "apt-get update"
    $sudo apt-get update -qq >/dev/null && touch /tmp/.loadlab-apt-updated
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
