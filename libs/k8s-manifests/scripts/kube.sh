#!/usr/bin/env bash
# Cluster operations for loadlab. Every mutating command supports --dry-run,
# which prints the exact commands instead of running them.
#   kube.sh platform [--vendored] [--dry-run]         install KEDA and k6-operator (pinned); when the release
#                    URLs cannot be reached (or with --vendored or LOADLAB_PLATFORM_SOURCE=vendored),
#                    only their CRDs and RBAC, from platform/
#   kube.sh deploy   --overlay=minikube|aks|demo [--image=REG/crocodile-api:TAG] [--adopt] [--dry-run]
#                    The image defaults to what crocodile-api's image targets recorded in
#                    dist/images/crocodile-api.json: docker-push (aks), minikube-load (minikube) or
#                    docker-build (demo: the app alone, for ./loadlab demo --cluster; no monitoring).
#                    It refuses to take over objects that exist and were not made by loadlab
#                    (label app.kubernetes.io/managed-by=loadlab), naming them; --adopt takes them
#                    over, marked loadlab.dev/adopted=true, and teardown then leaves them.
#   kube.sh load     --suite=ramp|scale-out [--parallelism=N] [--testid=ID] [--env=NAME=VALUE ...]
#                    [--no-wait] [--timeout=SECONDS] [--dry-run]
#                    (re)starts that one k6-operator TestRun and waits until it is finished; exits 1
#                    when a runner Job failed (k6-operator calls such a run finished all the same).
#                    --parallelism: runner pods (1-64; default the manifest's); --testid: the run's
#                    testid tag (what load-tests:verify --testid judges); --env: set or replace one
#                    variable of the initializer and runners, e.g. BASE_URL or
#                    K6_PROMETHEUS_RW_SERVER_URL for a cluster whose in-cluster names do not resolve
#   kube.sh teardown --overlay=... [--dry-run]        removes what deploy and load made, found by
#                    loadlab's label: never an object or namespace that existed before deploy
# Every command prints the kube context and the namespaces before it changes anything.
# Secrets come from the environment at deploy time, never from files in git:
#   GRAFANA_ADMIN_PASSWORD (required; GRAFANA_ADMIN_USER defaults to loadlab)
#   REGISTRY_SERVER, REGISTRY_USERNAME, REGISTRY_PASSWORD (optional: image pull secret)
# Programs: kubectl curl node (tools/src/required-programs.spec.ts checks that setup installs them)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# kubectl: the machine's, or the pinned one setup builds into .tools/k8s/bin.
. "$here/../../tools/setup/ensure-kubectl.sh"
cmd="${1:-}"; shift || true
overlay=minikube; image=""; suite=""; dry=false; wait=true; timeout=1800; vendored=false; adopt=false
parallelism=""; testid=""; envs=()
for a in "$@"; do
  case "$a" in
    --overlay=*) overlay="${a#*=}" ;;
    --image=*) image="${a#*=}" ;;
    --suite=*) suite="${a#*=}" ;;
    --timeout=*) timeout="${a#*=}" ;;
    --parallelism=*) parallelism="${a#*=}" ;;
    --testid=*) testid="${a#*=}" ;;
    --env=*) envs+=("${a#*=}") ;;
    --no-wait) wait=false ;;
    --vendored) vendored=true ;;
    --adopt) adopt=true ;;
    --dry-run) dry=true ;;
    *) echo "kube.sh: unknown option $a" >&2; exit 2 ;;
  esac
done
# Versions from tools/versions.env (KEDA_VERSION, K6_OPERATOR_VERSION); URLs and file names as in
# src/constants.ts (PLATFORM); the vendored copies sit in platform/.
. "$here/../../tools/versions.env"
KEDA_URL="https://github.com/kedacore/keda/releases/download/$KEDA_VERSION/keda-${KEDA_VERSION#v}.yaml"
K6_OPERATOR_URL="https://raw.githubusercontent.com/grafana/k6-operator/$K6_OPERATOR_VERSION/bundle.yaml"
KEDA_VENDORED="$here/platform/keda-$KEDA_VERSION.yaml"
K6_OPERATOR_VENDORED="$here/platform/k6-operator-$K6_OPERATOR_VERSION.yaml"
# The label that selects one suite's TestRun (and, with "all", the scripts ConfigMap): src/resources/load.ts.
SUITE_LABEL=loadlab.dev/suite
# What loadlab made carries OWNER_LABEL=loadlab (src/constants.ts OWNER_LABEL); what it took over with
# --adopt also carries ADOPTED_LABEL=true, and teardown leaves it.
OWNER_LABEL=app.kubernetes.io/managed-by
ADOPTED_LABEL=loadlab.dev/adopted

run() {
  if $dry; then printf '+ %s\n' "$*"; else "$@"; fi
}
# Secrets are piped, so their values never appear in arguments or in the dry-run output.
# Labelled as loadlab's, so that teardown can tell it from a Secret of the same name it did not make.
secret() { # namespace type name args...
  local ns=$1 type=$2; shift 2
  if $dry; then printf '+ kubectl -n %s create secret %s %s--dry-run=client -o yaml | kubectl label --local -f - %s=loadlab -o yaml | kubectl apply -f -\n' "$ns" "$type" "$(printf '%s ' "$@" | sed -E 's/=[^ ]*/=<from env>/g')" "$OWNER_LABEL"; return; fi
  kubectl -n "$ns" create secret "$type" "$@" --dry-run=client -o yaml | kubectl label --local -f - "$OWNER_LABEL=loadlab" -o yaml | kubectl apply -f -
}
# Secrets by name only (name:namespace...), as objects to look up or delete.
secret_names() {
  local s
  for s in "$@"; do printf -- '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\n  namespace: %s\n' "${s%%:*}" "${s#*:}"; done
}
reachable() { curl -fsSIL --max-time 10 -o /dev/null "$1" 2>/dev/null; }

# Where the commands go, said before anything changes.
context() { # namespace...
  local ctx server
  ctx=$(kubectl config current-context 2>/dev/null) || ctx="<none>"
  server=$(kubectl config view --minify -o 'jsonpath={.clusters[0].cluster.server}' 2>/dev/null) || server="<unknown>"
  echo "kube context: $ctx ($server); namespaces: $*"
}

# The objects of a rendered file (or '-') that exist in the cluster, one "kind name namespace owner
# adopted" line each ('-' for none); the kinds must be known to the cluster.
live_objects() { # file
  kubectl get -f "$1" --ignore-not-found -o json | node -e '
    const j = JSON.parse(require("fs").readFileSync(0, "utf8") || "{}");
    // kubectl answers one object bare, several as a List.
    const items = j.items ?? (j.kind ? [j] : []);
    for (const o of items) {
      const l = o.metadata.labels ?? {};
      console.log([o.kind, o.metadata.name, o.metadata.namespace ?? "-", l[process.argv[1]] ?? "-", l[process.argv[2]] ?? "-"].join(" "));
    }' "$OWNER_LABEL" "$ADOPTED_LABEL"
}

# Existing objects of the file that loadlab neither made nor adopted.
foreign_objects() { live_objects "$1" | awk '$4 != "loadlab" && $5 != "true"'; }
# Existing objects of the file that loadlab made (and did not merely adopt).
own_objects() { live_objects "$1" | awk '$4 == "loadlab" && $5 != "true"'; }

# Objects in namespace ns that are not loadlab's, beyond what Kubernetes makes itself.
others_in_namespace() { # ns
  kubectl -n "$1" get deployments,statefulsets,daemonsets,jobs,cronjobs,services,configmaps,secrets,persistentvolumeclaims,serviceaccounts,testruns.k6.io,scaledobjects.keda.sh -o json 2>/dev/null | node -e '
    const j = JSON.parse(require("fs").readFileSync(0, "utf8") || "{}");
    // kubectl answers one object bare, several as a List.
    const items = j.items ?? (j.kind ? [j] : []);
    for (const o of items) {
      const l = o.metadata.labels ?? {};
      if (l[process.argv[1]] === "loadlab" && l[process.argv[2]] !== "true") continue;
      if (o.kind === "ConfigMap" && o.metadata.name === "kube-root-ca.crt") continue;
      if (o.kind === "ServiceAccount" && o.metadata.name === "default") continue;
      if ((o.metadata.ownerReferences ?? []).length) continue; // made by a controller for an owner
      console.log(`${o.kind} ${o.metadata.name}`);
    }' "$OWNER_LABEL" "$ADOPTED_LABEL"
}

# Deletes the objects of a rendered file that loadlab made: namespaced ones, then cluster-scoped,
# then a namespace only when nothing of anyone else's is left in it.
# A cluster kubectl can read: with one, a --dry-run reads it (never writes) and prints exactly the
# commands the real run would execute; without one, what it would run, object by object.
cluster_reachable() { kubectl version --request-timeout=5s >/dev/null 2>&1; }

delete_own() { # file
  local kind name ns owner adopted namespaces="" left
  if $dry && ! $reachable; then
    node -e '
      const lines = [], last = [];
      for (const d of require("fs").readFileSync(0, "utf8").split(/^---$/m)) {
        const k = /^kind: (\S+)/m.exec(d), n = /^  name: (\S+)/m.exec(d), ns = /^  namespace: (\S+)/m.exec(d);
        if (k && n) (k[1] === "Namespace" ? last : lines).push(`+ kubectl delete ${k[1]} ${n[1]}${ns ? ` -n ${ns[1]}` : ""} --ignore-not-found   # only if labelled ${process.argv[1]}=loadlab, not adopted${k[1] === "Namespace" ? ", and empty of anything else" : ""}`);
      }
      console.log([...lines, ...last].join("\n"));' "$OWNER_LABEL" < "$1"
    return
  fi
  while read -r kind name ns owner adopted; do
    case "$kind" in
      Namespace) namespaces="$namespaces $name" ;;
      *) if [ "$ns" = - ]; then run kubectl delete "$kind" "$name" --ignore-not-found; else run kubectl -n "$ns" delete "$kind" "$name" --ignore-not-found; fi ;;
    esac
  done < <(own_objects "$1")
  for ns in $namespaces; do
    left=$(others_in_namespace "$ns")
    if [ -n "$left" ]; then
      echo "kube.sh: keeping namespace $ns: it holds objects loadlab did not make: $(echo "$left" | tr '\n' ',' | sed 's/,$//')"
    else
      run kubectl delete namespace "$ns" --ignore-not-found
    fi
  done
}

# The suites are the bundled scripts the load kustomization ships (generated from LOAD_SUITES).
suites() { (cd "$here/load/scripts" && ls -- *.js | sed 's/\.js$//' | tr '\n' ' ' | sed 's/ $//'); }

# Reads kubectl's JSON objects (pretty-printed, one after another) and prints a List of the scripts
# ConfigMap and the suite's TestRun, that TestRun with its parallelism, its testid (the --tag
# argument and TESTID) and env variables (initializer and runner, replaced by name) set for this run.
testrun_for_run() { # suite parallelism testid NAME=VALUE...
  SUITE_LABEL=$SUITE_LABEL node -e '
    const [suite, parallelism, testid, ...envs] = process.argv.slice(1);
    // Top-level objects start with "{" at the start of a line; nested ones are indented.
    const objs = require("fs").readFileSync(0, "utf8").split(/\n(?=\{$)/m).filter((t) => t.trim()).map((t) => JSON.parse(t));
    const bySuite = (o, s) => (o.metadata.labels ?? {})[process.env.SUITE_LABEL] === s;
    const tr = objs.find((o) => o.kind === "TestRun" && bySuite(o, suite));
    if (!tr) { console.error(`kube.sh: no TestRun for suite ${suite} in the load kustomization`); process.exit(2); }
    if (parallelism) tr.spec.parallelism = Number(parallelism);
    const set = Object.fromEntries(envs.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
    if (testid) {
      tr.spec.arguments = tr.spec.arguments.replace(/--tag testid=\S+/, `--tag testid=${testid}`);
      set.TESTID = testid;
    }
    for (const pod of [tr.spec.initializer, tr.spec.runner].filter(Boolean)) {
      pod.env = [...(pod.env ?? []).filter((e) => !Object.hasOwn(set, e.name)), ...Object.entries(set).map(([name, value]) => ({ name, value }))];
    }
    const items = [...objs.filter((o) => o.kind === "ConfigMap" && bySuite(o, "all")), tr];
    console.log(JSON.stringify({ apiVersion: "v1", kind: "List", items }, null, 2));' "$@"
}

# Polls the TestRun's stage until finished (0) or error (1); gives up after $timeout seconds (1).
wait_testrun() {
  local name=$1 stage="" last="-" start=$SECONDS
  while [ $((SECONDS - start)) -lt "$timeout" ]; do
    stage=$(kubectl -n default get testrun "$name" -o 'jsonpath={.status.stage}' 2>/dev/null || true)
    [ "$stage" != "$last" ] && { echo "TestRun $name: ${stage:-pending} ($((SECONDS - start)) s)"; last=$stage; }
    case "$stage" in
      finished) return 0 ;;
      error) echo "kube.sh: TestRun $name failed (stage error): kubectl -n default describe testrun $name; the operator's log says why" >&2; return 1 ;;
      # k6-operator v1.6.0 answers a runner whose k6 API is not up yet with a reconcile error, so
      # controller-runtime retries with exponential backoff: once 5 minutes late on a busy node
      # (internal/controller/k6_start.go). An update to the TestRun is an event, reconciled at
      # once: while it waits for its runners, one annotation per poll keeps the start prompt.
      created) kubectl -n default annotate testrun "$name" "loadlab.dev/waited-s=$((SECONDS - start))" --overwrite >/dev/null 2>&1 || true ;;
    esac
    sleep 5
  done
  echo "kube.sh: TestRun $name not finished after ${timeout}s (stage ${stage:-none}); it keeps running: kubectl -n default get testrun $name" >&2
  return 1
}

# k6-operator v1.6.0 calls a TestRun finished once no runner Job is active, failed or not
# (internal/controller/k6_finish.go): the Jobs say whether each runner's k6 passed.
check_runners() { # testrun
  local jobs failed
  # Comma-separated: a Job that never succeeded has no .status.succeeded, and a blank field must
  # not shift .status.failed into its place (a failed runner once read as succeeded that way).
  jobs=$(kubectl -n default get jobs -l "k6_cr=$1,runner=true" -o 'jsonpath={range .items[*]}{.metadata.name},{.status.succeeded},{.status.failed}{"\n"}{end}')
  [ -n "$jobs" ] || { echo "kube.sh: TestRun $1 finished with no runner Job to show how its runners ended" >&2; return 1; }
  failed=$(echo "$jobs" | awk -F, '$2 != 1 { print $1 }' | tr '\n' ' ')
  if [ -n "$failed" ]; then
    echo "kube.sh: TestRun $1 finished, but these runners failed (a k6 threshold crossed exits 99): ${failed% }; kubectl -n default logs job/<name>" >&2
    return 1
  fi
  echo "TestRun $1: all $(echo "$jobs" | wc -l) runners succeeded"
}

reachable=false
if $dry && [ "$cmd" != platform ] && [ "$cmd" != load ] && cluster_reachable; then
  reachable=true
  echo "dry run: reading the cluster (nothing is changed); the commands below are exactly what a real run would execute now"
fi

case "$cmd" in
  platform)
    context "keda, k6-operator-system, and cluster-wide CRDs and RBAC"
    [ "${LOADLAB_PLATFORM_SOURCE:-}" = vendored ] && vendored=true
    if ! $vendored && ! $dry; then
      command -v curl >/dev/null || { echo "kube.sh: platform checks the release URLs with curl, which is not installed: ./loadlab setup installs it (or apt-get install curl), or pass --vendored" >&2; exit 2; }
      reachable "$KEDA_URL" && reachable "$K6_OPERATOR_URL" || {
        echo "kube.sh: the release URLs cannot be reached from here ($KEDA_URL, $K6_OPERATOR_URL)" >&2
        vendored=true
      }
    fi
    if $vendored; then
      echo "platform: applying the vendored, pinned CRDs and RBAC of KEDA ${KEDA_VERSION#v} and k6-operator ${K6_OPERATOR_VERSION#v} (libs/k8s-manifests/platform)."
      echo "platform: their operators are NOT installed: run them yourself, or run platform again where the release URLs are reachable."
      run kubectl apply --server-side -f "$KEDA_VENDORED"
      run kubectl apply --server-side -f "$K6_OPERATOR_VENDORED"
      run kubectl wait --for=condition=Established --timeout=60s crd/scaledobjects.keda.sh crd/testruns.k6.io
    else
      run kubectl apply --server-side -f "$KEDA_URL"
      run kubectl apply --server-side -f "$K6_OPERATOR_URL"
    fi
    ;;
  deploy)
    [ -d "$here/overlays/$overlay" ] || { echo "kube.sh: no overlay '$overlay' (minikube, aks)" >&2; exit 2; }
    if [ -z "$image" ]; then
      record="${IMAGE_RECORD:-$here/../../dist/images/crocodile-api.json}"
      field=pushed producer="crocodile-api:docker-push --registry=<your registry>"
      [ "$overlay" = minikube ] && field=minikube producer="crocodile-api:minikube-load"
      [ "$overlay" = demo ] && field=local producer="crocodile-api:docker-build"
      image=$(node -p "(require('$record').$field) ?? ''" 2>/dev/null || true)
      if [ -z "$image" ]; then
        $dry || { echo "kube.sh: no crocodile-api image recorded for $overlay; run nx run $producer first, or pass --image=" >&2; exit 2; }
        image="<the image from nx run $producer>"
      fi
    fi
    echo "crocodile-api image: $image"
    # The demo overlay holds the app alone: no monitoring namespace, Grafana or Prometheus to deploy.
    monitoring=true; [ "$overlay" = demo ] && monitoring=false
    if $monitoring; then
      [ -n "${GRAFANA_ADMIN_PASSWORD:-}" ] || $dry || { echo "kube.sh: set GRAFANA_ADMIN_PASSWORD (Grafana's admin password; never admin/admin)" >&2; exit 2; }
      context default monitoring
    else
      context default
    fi
    # A throwaway kustomization on top of the overlay pins the image built for this commit.
    work=$(mktemp -d "$here/.deploy-XXXX"); trap 'rm -rf "$work"' EXIT
    cat > "$work/kustomization.yaml" <<YAML
resources: [../overlays/$overlay]
patches:
  - target: {kind: Deployment, name: crocodile-api}
    patch: '[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "$image"}]'
YAML
    kubectl kustomize "$work" > "$work/rendered.yaml"
    # The Secrets deploy makes from the environment, by name only.
    secret_names $($monitoring && echo grafana-admin:monitoring) ${REGISTRY_USERNAME:+regcred:default} > "$work/secrets.yaml"
    if $dry && ! $reachable; then
      printf '+ kubectl get -f %s --ignore-not-found -o json   # refuses objects loadlab did not make\n' "<the overlay, rendered>"
    else
      foreign=$( { foreign_objects "$work/rendered.yaml" && foreign_objects "$work/secrets.yaml"; } ) \
        || { echo "kube.sh: cannot read the cluster's objects (see above); run nx run k8s-manifests:platform first if a CRD is missing" >&2; exit 2; }
      if [ -n "$foreign" ]; then
        list=$(echo "$foreign" | awk '{ print "  " $1 " " $2 ($3 == "-" ? "" : " (namespace " $3 ")") }')
        if ! $adopt; then
          printf 'kube.sh: these objects exist and were not made by loadlab; deploy would take them over and teardown would delete them:\n%s\nRemove or rename them, or pass --adopt: deploy then takes them over, marks them %s=true, and teardown leaves them.\n' "$list" "$ADOPTED_LABEL" >&2
          exit 2
        fi
        echo "adopting, and leaving them at teardown:"; echo "$list"
        while read -r kind name ns _; do
          if [ "$ns" = - ]; then run kubectl label "$kind" "$name" "$ADOPTED_LABEL=true" --overwrite
          else run kubectl -n "$ns" label "$kind" "$name" "$ADOPTED_LABEL=true" --overwrite; fi
        done <<< "$foreign"
      fi
    fi
    if $monitoring; then
      # The Secret below needs its namespace before the stack is applied.
      run sh -c "kubectl get namespace monitoring >/dev/null 2>&1 || kubectl create namespace monitoring && kubectl label --overwrite namespace monitoring $OWNER_LABEL=loadlab"
      secret monitoring generic grafana-admin "--from-literal=admin-user=${GRAFANA_ADMIN_USER:-loadlab}" "--from-literal=admin-password=${GRAFANA_ADMIN_PASSWORD:-}"
    fi
    if [ -n "${REGISTRY_USERNAME:-}" ]; then
      secret default docker-registry regcred "--docker-server=${REGISTRY_SERVER:?set REGISTRY_SERVER}" "--docker-username=$REGISTRY_USERNAME" "--docker-password=${REGISTRY_PASSWORD:?set REGISTRY_PASSWORD}"
    fi
    # Server-side apply: the dashboards ConfigMap is too large for the last-applied annotation.
    # --force-conflicts: only objects loadlab made or was told to adopt reach this point.
    run kubectl apply --server-side --force-conflicts -f "$work/rendered.yaml"
    run kubectl -n default rollout status deployment/crocodile-api --timeout=180s
    if $monitoring; then run kubectl -n monitoring rollout status deployment/prometheus --timeout=180s; fi
    ;;
  load)
    valid=$(suites)
    [ -n "$suite" ] || { echo "kube.sh: load needs --suite=<name>; valid: $valid" >&2; exit 2; }
    case " $valid " in
      *" $suite "*) [[ "$suite" =~ ^[a-z0-9-]+$ ]] || { echo "kube.sh: unknown suite '$suite'; valid: $valid" >&2; exit 2; } ;;
      *) echo "kube.sh: unknown suite '$suite'; valid: $valid" >&2; exit 2 ;;
    esac
    [[ "$timeout" =~ ^[1-9][0-9]*$ ]] || { echo "kube.sh: --timeout must be a positive number of seconds, got '$timeout'" >&2; exit 2; }
    if [ -n "$parallelism" ] && { ! [[ "$parallelism" =~ ^[1-9][0-9]*$ ]] || [ "$parallelism" -gt 64 ]; }; then
      echo "kube.sh: --parallelism must be a whole number of runner pods from 1 to 64, got '$parallelism'" >&2; exit 2
    fi
    # A tag value Prometheus and the verifier take as is: no spaces, quotes or braces.
    [ -z "$testid" ] || [[ "$testid" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$ ]] || { echo "kube.sh: --testid must be letters, digits, '.', '_' or '-' (at most 100), got '$testid'" >&2; exit 2; }
    for e in ${envs[@]+"${envs[@]}"}; do
      [[ "$e" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || { echo "kube.sh: --env must be NAME=VALUE with NAME a variable name (e.g. --env=BASE_URL=http://10.0.0.5:4000), got '$e'" >&2; exit 2; }
    done
    name="crocodile-$suite"
    context default
    # A cluster that cannot be reached is not a cluster without the CRD: say which one it is.
    if ! $dry && ! crd_err=$(kubectl get crd testruns.k6.io 2>&1 >/dev/null); then
      if [[ "$crd_err" == *NotFound* ]]; then
        echo "kube.sh: the TestRun CRD (k6-operator) is not installed; run nx run k8s-manifests:platform first" >&2
      else
        echo "kube.sh: could not ask the cluster for the TestRun CRD: $(tail -n1 <<<"$crd_err") (is the cluster up, and is kubectl's context the right one: kubectl config current-context?)" >&2
      fi
      exit 2
    fi
    # A finished TestRun is never run again by the operator: a new run needs a new object.
    # Foreground: its Jobs go first, so the new run does not meet the old run's Jobs.
    run kubectl -n default delete testrun "$name" --ignore-not-found --cascade=foreground --wait=true
    if [ -z "$parallelism$testid" ] && [ ${#envs[@]} -eq 0 ]; then
      # Only the scripts ConfigMap (label "all") and this suite's TestRun, never the other suites.
      run kubectl apply --server-side -k "$here/load" -l "$SUITE_LABEL in ($suite,all)"
    else
      # The same two objects, the TestRun changed for this run: rendered offline (kubectl label
      # --local prints JSON), changed by testrun_for_run, applied as one file.
      work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
      kubectl kustomize "$here/load" | kubectl label --local -f - -o json "$OWNER_LABEL=loadlab" --overwrite \
        | testrun_for_run "$suite" "$parallelism" "$testid" ${envs[@]+"${envs[@]}"} > "$work/load.json"
      # What the file holds beyond the rendered manifests: the TestRun as this run changed it.
      $dry && node -e 'const t = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).items.at(-1).spec;
        console.log(`dry run: TestRun ${process.argv[2]}: parallelism ${t.parallelism}; arguments ${t.arguments}; env ${t.runner.env.filter((e) => "value" in e).map((e) => `${e.name}=${e.value}`).join(" ")}`)' "$work/load.json" "$name"
      run kubectl apply --server-side -f "$work/load.json"
    fi
    echo "started TestRun $name (kubectl -n default get testrun $name)"
    if $wait && ! $dry; then wait_testrun "$name" && check_runners "$name"; fi
    ;;
  teardown)
    if [ "$overlay" = demo ]; then context default; else context default monitoring; fi
    work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
    kubectl kustomize "$here/load" > "$work/load.yaml"
    kubectl kustomize "$here/overlays/$overlay" > "$work/stack.yaml"
    secret_names grafana-admin:monitoring regcred:default > "$work/secrets.yaml"
    # The load first (its runners write to the stack's Prometheus), then the Secrets, then the stack.
    for f in load secrets stack; do delete_own "$work/$f.yaml"; done
    ;;
  *)
    sed -n '2,24p' "$0" >&2; exit 2 ;;
esac
