# Shared helpers for the setup scripts. Source it; do not run it.
# Every ensure-* script is idempotent: it checks first and installs only what is missing.
# It sets no shell options: sourcing it (or ensure-node.sh) from an interactive shell
# must not change that shell. Run directly, each ensure-* script turns strict mode on.
[ "${BASH_SOURCE[1]:-}" = "$0" ] && set -euo pipefail

LOADLAB_ROOT="${LOADLAB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
TOOLS_DIR="$LOADLAB_ROOT/.tools"
# shellcheck source=../versions.env
. "$LOADLAB_ROOT/tools/versions.env"

if [ -t 2 ]; then _c_info='\033[1;34m' _c_err='\033[1;31m' _c_off='\033[0m'; else _c_info='' _c_err='' _c_off=''; fi
say() { printf "${_c_info}[loadlab]${_c_off} %s\n" "$*" >&2; }
# Sourced from a shell, return instead of closing it.
fail() { printf "${_c_err}[loadlab] error:${_c_off} %s\n" "$*" >&2; return 1 2>/dev/null || exit 1; }

# apt-get, with a single 'apt-get update' per machine boot at most.
apt_install() {
  command -v apt-get >/dev/null || fail "apt-get not found; install these packages yourself: $*"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || fail "installing $* needs root (or sudo): run this as root, or install them yourself"
    sudo="sudo"
  fi
  if [ ! -f /tmp/.loadlab-apt-updated ]; then
    say "apt-get update"
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null && touch /tmp/.loadlab-apt-updated
  fi
  say "apt-get install $*"
  # Another apt (unattended-upgrades, a second setup) may hold the lock: wait for it, bounded.
  DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
}

# The -ldflags for a Kubernetes binary built from source: it must report $K8S_VERSION (kubectl
# warns about, and some clients reject, the default v0.0.0-master+$Format:%H$).
k8s_ldflags() {
  local minor="${K8S_VERSION#v1.}"
  minor="${minor%%.*}"
  printf '%s' "-X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=$minor"
}
