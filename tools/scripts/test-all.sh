#!/usr/bin/env bash
# Every check of every project through Nx, then one closing summary line from the JUnit reports.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
# Every check runs for real here; day-to-day Nx commands keep the cache.
# Where the host trusts an extra CA (a TLS-inspecting network, like loadlab's CI sandbox), npm inside
# the test image build needs it too: mounted for the build only, see tools/src/image/image-cli.ts.
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -z "${IMAGE_BUILD_CA_BUNDLE:-}" ] && command -v podman >/dev/null; then
  export IMAGE_BUILD_CA_BUNDLE="$NODE_EXTRA_CA_CERTS"
fi

rm -rf reports/junit
npx prettier --check . >/dev/null || { echo "formatting: run npx prettier --write . (files listed below)"; npx prettier --list-different .; exit 1; }
node tools/src/secret-scan.ts || exit 1
bash tools/scripts/audit.sh || exit 1
# capacity and capacity-cli measure CPU (a quota's 1:4, a starved generator, a noisy machine): the
# other tasks of a parallel run are exactly the noise they detect, so they run after it, one task at
# a time.
ALONE=capacity,capacity-cli
npx nx run-many -t lint typecheck build test e2e e2e-cluster-path --exclude=$ALONE --output-style=static --skip-nx-cache "$@"
nx_status=$?
npx nx run-many -t lint typecheck test e2e -p $ALONE --parallel=1 --output-style=static --skip-nx-cache "$@"
alone_status=$?
[ $nx_status -ne 0 ] || nx_status=$alone_status
# The real-node tests (real pods, real scale-out, ./loadlab demo --cluster at the ci profile and its
# faults, and --runners=2 as k6-operator runner pods): root and one real node per machine, so one
# at a time. Without root they skip, and on CI a skip fails the run. About 31 minutes on 2 cores.
npx nx run-many -t e2e-real-node e2e-real-pods e2e-real-scale-out e2e-demo-cluster e2e-demo-cluster-runners --parallel=1 --output-style=static --skip-nx-cache "$@"
real_status=$?
[ $nx_status -ne 0 ] || nx_status=$real_status

echo
echo "== test summary (reports/junit) =="
[ $nx_status -eq 0 ] || echo "nx reported a failing target (lint, typecheck, build or test): see above"
# On the CI machine every real component can run, so a skipped test fails the run there
# (CI=true, as GitHub Actions and .ci/run set it); locally a skip is reported, not fatal.
fail_on_skip=()
case "${CI:-}" in "" | false | 0) ;; *) fail_on_skip=(--fail-on-skip) ;; esac
node tools/src/test-summary.ts reports/junit "${fail_on_skip[@]}"
summary_status=$?
[ $nx_status -eq 0 ] && exit $summary_status || exit $nx_status
