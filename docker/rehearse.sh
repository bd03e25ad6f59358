#!/usr/bin/env bash
# The swarm stack without docker: a head and three worker nodes as separate
# caf-node processes, each in a network namespace of its own, joined by a
# bridge as the overlay network joins containers. Each node starts through
# docker/entrypoint.sh with the image's configuration (docker/config/*.ini),
# the environment stack.yml gives it, and the cluster secret and API keys
# as files, as docker secrets are. Only what lives elsewhere outside a
# container is given on the command line: the secret and key files, the
# database folder and the profiles folder (and one worker each, where
# stack.yml gives two).
#
#   namespace       address      process
#   RUN-net         10.79.0.254  the bridge; the clients (curl, upload-samples.sh)
#   RUN-head        10.79.0.1    caf-node head: HTTP 8080, cluster 4242
#   RUN-worker-N    10.79.0.1N   caf-node worker worker-N, joining head:4242
#
# The workers resolve "head" through /etc/netns/RUN-worker-N/hosts, which
# "ip netns exec" puts over /etc/hosts, as docker's DNS resolves the service
# name. Then:
#   1. every node's health check (docker/healthcheck.sh) passes in its
#      namespace, /ready answers 200, /v1/cluster lists the three workers up;
#   2. requests without an API key are refused;
#   3. docker/samples/upload-samples.sh uploads every sample with the key,
#      every version is done and ran on a worker node;
#   4. a rolling update of worker-1: SIGTERM, it drains and exits 0 and is
#      listed down, a new process with the same name joins; jobs submitted
#      meanwhile all end done;
#   5. SIGTERM stops every node with exit code 0.
# Everything (processes, namespaces, files) is removed on exit, also on
# failure or Ctrl-C. Needs root (ip netns), ip, curl and openssl.
#
# Usage: rehearse.sh [CAF_NODE]     default $CAF_NODE_BIN, else build/nodes/caf-node
# Exits 0 when every step passed, 1 with the reason and the logs otherwise.
set -euo pipefail

docker_dir="$(cd "$(dirname "$0")" && pwd)"
root_dir="$(dirname "$docker_dir")"
caf_node="${1:-${CAF_NODE_BIN:-$root_dir/build/nodes/caf-node}}"
start_seconds=30
stop_seconds=90

# The environment of this script must not leak into the nodes.
unset CAF_NODE_CLUSTER_SECRET CAF_NODE_ID CAF_NODE_ROLE CAF_NODE_CLUSTER_HEAD \
  CAF_NODE_WORKER_COUNT CAF_NODE_HTTP_PORT CAF_NODE_LOG_LEVEL CAF_NODE_API_KEY CAF_NODE_URL

run="cafr$$"
net_ns="$run-net"
head_ns="$run-head"
head_address=10.79.0.1
client_address=10.79.0.254
workers=(worker-1 worker-2 worker-3)
base_url="http://$head_address:8080"

work="$(mktemp -d)"
namespaces=()
declare -A node_pid=()

log() {
  echo "rehearse.sh: $*"
}

show_logs() {
  local file
  for file in "$work"/*.log; do
    [ -f "$file" ] || continue
    echo "--- $(basename "$file") ---" >&2
    tail -n 60 "$file" >&2
  done
}

fail() {
  echo "rehearse.sh: FAIL: $*" >&2
  show_logs
  exit 1
}

teardown() {
  local name pid
  for name in "${!node_pid[@]}"; do
    pid="${node_pid[$name]}"
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  for name in "${namespaces[@]}"; do
    ip netns delete "$name" 2>/dev/null || true
    rm -rf "/etc/netns/$name"
  done
  rm -rf "$work"
}
trap teardown EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" -eq 0 ] || fail "needs root: it creates network namespaces (ip netns)"
for tool in ip curl openssl; do
  command -v "$tool" >/dev/null || fail "$tool is not installed"
done
[ -x "$caf_node" ] || fail "no caf-node executable at $caf_node (pass its path)"

in_ns() { # in_ns NAMESPACE COMMAND...
  local name="$1"
  shift
  ip netns exec "$name" "$@"
}

# --- the network ---------------------------------------------------------

add_namespace() {
  ip netns add "$1" || fail "cannot create the network namespace $1"
  namespaces+=("$1")
  in_ns "$1" ip link set lo up
}

add_namespace "$net_ns"
in_ns "$net_ns" ip link add br0 type bridge
in_ns "$net_ns" ip address add "$client_address/24" dev br0
in_ns "$net_ns" ip link set br0 up

# attach NAMESPACE PORT-NAME ADDRESS: eth0 in NAMESPACE, its peer on the bridge.
attach() {
  local name="$1" port="$2" address="$3"
  add_namespace "$name"
  ip link add eth0 netns "$name" type veth peer name "$port" netns "$net_ns"
  in_ns "$net_ns" ip link set "$port" master br0 up
  in_ns "$name" ip address add "$address/24" dev eth0
  in_ns "$name" ip link set eth0 up
}

attach "$head_ns" head "$head_address"
for index in "${!workers[@]}"; do
  worker="${workers[$index]}"
  attach "$run-$worker" "$worker" "10.79.0.1$((index + 1))"
  mkdir -p "/etc/netns/$run-$worker"
  printf '127.0.0.1 localhost\n%s head\n' "$head_address" >"/etc/netns/$run-$worker/hosts"
done
log "network: ${namespaces[*]}"

# --- the secrets, as docker secrets are files ------------------------------

secrets="$work/secrets"
mkdir -p "$secrets" "$work/head-data"
openssl rand -hex 32 >"$secrets/caf-node-cluster-secret"
key_output="$("$docker_dir/new-api-key.sh" rehearsal admin)" || fail "new-api-key.sh failed"
api_key="$(grep -v '^#' <<<"$key_output" | sed -n 1p)"
grep -v '^#' <<<"$key_output" | sed -n 2p >"$secrets/caf-node-api-keys"

# --- the nodes -------------------------------------------------------------

# start_node NAME NAMESPACE ROLE OPTIONS...: the entrypoint with the
# environment stack.yml sets, in NAMESPACE; "ip netns exec" and the
# entrypoint exec, so the process started is caf-node itself.
start_node() {
  local name="$1" namespace="$2" role="$3"
  shift 3
  (cd "$work" && exec ip netns exec "$namespace" env CAF_NODE_BIN="$caf_node" \
    CAF_NODE_CONFIG_DIR="$docker_dir/config" CAF_NODE_ROLE="$role" CAF_NODE_ID="$name" \
    "$docker_dir/entrypoint.sh" "$@") >>"$work/$name.log" 2>&1 &
  node_pid[$name]=$!
}

start_head() {
  start_node head "$head_ns" head \
    --cluster.secret-file="$secrets/caf-node-cluster-secret" \
    --api.keys-file="$secrets/caf-node-api-keys" \
    --storage.path="$work/head-data" --profiles.path="$root_dir/config/profiles"
}

start_worker() {
  start_node "$1" "$run-$1" worker \
    --cluster.secret-file="$secrets/caf-node-cluster-secret" --worker.count=1
}

# healthy NAME: docker/healthcheck.sh passes in the node's namespace, with
# the node's environment.
healthy() {
  local name="$1" namespace="$run-$1" role=worker
  if [ "$name" = head ]; then
    role="head"
  fi
  in_ns "$namespace" env CAF_NODE_ROLE="$role" "$docker_dir/healthcheck.sh" >"$work/health" 2>&1
}

# wait_for SECONDS WHAT COMMAND...: runs COMMAND until it succeeds.
wait_for() {
  local seconds="$1" what="$2"
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$what: not within ${seconds}s"
    sleep 0.1
  done
}

# api METHOD PATH [CURL-OPTIONS...]: a request from the clients' namespace
# with the admin key; the body goes to $work/body, the status is printed.
api() {
  local method="$1" path="$2"
  shift 2
  in_ns "$net_ns" curl --silent --max-time 60 -X "$method" -H "Authorization: Bearer $api_key" \
    --output "$work/body" --write-out '%{http_code}' "$@" "$base_url$path" || echo 000
}

# node_state ID: the state /v1/cluster gives the node (empty when unlisted).
node_state() {
  [ "$(api GET /v1/cluster)" = 200 ] || return 0
  sed 's/},{/}\n{/g' "$work/body" | grep "\"id\":\"$1\"" |
    sed -n 's/.*"state":"\([a-z]*\)".*/\1/p' | head -n 1
}

state_is() {
  [ "$(node_state "$1")" = "$2" ]
}

stopped() {
  ! kill -0 "${node_pid[$1]}" 2>/dev/null
}

# stop_node NAME: SIGTERM, then the exit code must be 0.
stop_node() {
  local name="$1" status=0
  kill -TERM "${node_pid[$name]}"
  wait_for "$stop_seconds" "$name exits after SIGTERM" stopped "$name"
  wait "${node_pid[$name]}" || status=$?
  unset "node_pid[$name]"
  [ "$status" -eq 0 ] || fail "$name exited with $status after SIGTERM, expected 0"
}

start_head
for worker in "${workers[@]}"; do
  start_worker "$worker"
done

# --- 1. health, readiness, membership --------------------------------------

for name in head "${workers[@]}"; do
  wait_for "$start_seconds" "the health check of $name passes" healthy "$name"
  log "$name: $(cat "$work/health")"
done
for worker in "${workers[@]}"; do
  wait_for "$start_seconds" "/v1/cluster lists $worker up" state_is "$worker" up
done
log "/v1/cluster lists ${workers[*]} up"
ready() { [ "$(api GET /ready)" = 200 ]; }
wait_for "$start_seconds" "/ready answers 200" ready
log "/ready: 200"

# --- 2. API keys -------------------------------------------------------------

status="$(in_ns "$net_ns" curl --silent --max-time 10 --output /dev/null \
  --write-out '%{http_code}' "$base_url/v1/images" || echo 000)"
[ "$status" = 401 ] || fail "GET /v1/images without a key answered $status, expected 401"
log "without a key: 401"

# --- 3. the samples ------------------------------------------------------------

# version_node ID N: the node that ran version N of image ID, when done.
version_node() {
  [ "$(api GET "/v1/images/$1/versions/$2")" = 200 ] || return 0
  grep -q '"status":"done"' "$work/body" || return 0
  sed -n 's/.*"node":"\([^"]*\)".*/\1/p' "$work/body"
}

results="$work/samples.txt"
in_ns "$net_ns" env CAF_NODE_API_KEY="$api_key" "$docker_dir/samples/upload-samples.sh" \
  "$base_url" >"$results" 2>"$work/upload-samples.log" ||
  fail "upload-samples.sh failed: $(cat "$results" "$work/upload-samples.log")"
cat "$results"
sample_count="$(find "$docker_dir/samples" -name '*.ops' | wc -l)"
[ "$(grep -c ' done ' "$results")" -eq "$sample_count" ] ||
  fail "expected $sample_count done samples"
declare -A ran_on=()
while read -r name id _; do
  node="$(version_node "$id" 1)"
  case "$node" in
  worker-1 | worker-2 | worker-3) ran_on[$node]=1 ;;
  *) fail "$name: version 1 ran on '$node', not on a worker node" ;;
  esac
done <"$results"
log "every sample done, on ${!ran_on[*]}"

# --- 4. a rolling update of worker-1, with jobs coming in --------------------

image="$docker_dir/samples/camera-12mp.jpg"
[ "$(api POST /v1/images --data-binary "@$image" -H 'Content-Type: image/jpeg')" = 201 ] ||
  fail "upload for the rolling update: $(cat "$work/body")"
image_id="$(sed -n 's/.*"id":"\([0-9A-Za-z]*\)".*/\1/p' "$work/body")"
submitted=0
submit() {
  local status
  status="$(api POST "/v1/images/$image_id/commands" --data 'resize 1024 1024' \
    -H 'Content-Type: text/plain')"
  case "$status" in
  200 | 202) submitted=$((submitted + 1)) ;;
  *) fail "command during the rolling update: HTTP $status $(cat "$work/body")" ;;
  esac
}
for _ in 1 2 3 4 5 6; do submit; done
stop_node worker-1
log "worker-1 drained and exited 0"
wait_for 10 "/v1/cluster lists worker-1 down" state_is worker-1 down
for _ in 1 2 3; do submit; done
start_worker worker-1
wait_for "$start_seconds" "worker-1 joins again" state_is worker-1 up
wait_for "$start_seconds" "the health check of worker-1 passes" healthy worker-1
for _ in 1 2 3; do submit; done
log "worker-1 replaced; $submitted commands submitted meanwhile"
# version_done N: version N of the image is done; a failed one fails the
# rehearsal at once.
version_done() {
  [ "$(api GET "/v1/images/$image_id/versions/$1")" = 200 ] || return 1
  if grep -q '"status":"failed"' "$work/body"; then
    fail "version $1 of $image_id failed: $(cat "$work/body")"
  fi
  grep -q '"status":"done"' "$work/body"
}
for version in $(seq 1 "$submitted"); do
  wait_for 120 "version $version of $image_id is done" version_done "$version"
done
log "all $submitted versions done"

# --- 5. stop ---------------------------------------------------------------------

for worker in "${workers[@]}"; do
  stop_node "$worker"
done
stop_node head
log "every node exited 0 after SIGTERM"
echo "rehearse.sh: PASS"
