#!/usr/bin/env bash
# What the local cluster's real node runs, from Debian: containerd (with ctr and its runc shim),
# runc, the CNI plugins (bridge, host-local, loopback, portmap into /usr/lib/cni), iptables and
# conntrack for kube-proxy, and iproute2 for the node's bridge. A system containerd is left
# running: the real node runs its own, with its own socket and state (real-node-config.ts).
# Needs apt and root, as the real node itself does; without them it says what to install.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

missing=()
command -v containerd >/dev/null || missing+=(containerd)
command -v ctr >/dev/null || missing+=(containerd)
command -v containerd-shim-runc-v2 >/dev/null || missing+=(containerd)
command -v runc >/dev/null || missing+=(runc)
[ -x /usr/lib/cni/bridge ] || missing+=(containernetworking-plugins)
command -v iptables >/dev/null || missing+=(iptables)
command -v conntrack >/dev/null || missing+=(conntrack)
command -v ip >/dev/null || missing+=(iproute2)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    # shellcheck disable=SC2046 # the names are words
    apt_install $(printf '%s\n' "${missing[@]}" | sort -u)
  else
    say "the real node needs these Debian packages, installed as root: $(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')"
  fi
fi
