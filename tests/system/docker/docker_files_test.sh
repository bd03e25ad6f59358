#!/usr/bin/env bash
# Checks of the deployment files in docker/ that need no docker engine.
#
# Usage: docker_files_test.sh CHECK ROOT [CAF_NODE]
#   - compose-config  docker-compose accepts stack.yml and compose.yml, and
#                     what it reads back keeps the settings a rolling update
#                     and the placement depend on
#   - yamllint        yamllint --strict on docker/*.yml with docker/.yamllint
#   - shellcheck      shellcheck on every script in docker/ and .ci/ (and
#                     this one)
#   - consistency     the Dockerfile builds as CI does; every option, role
#                     file, environment variable and secret the files name
#                     exists; the grace periods cover the drain (CAF_NODE)
#   - standalone      the image's default role starts through the entrypoint
#                     with standalone.ini, passes its health check and stops
#                     with 0 (CAF_NODE)
# Exits 0 when the check passed, 1 with the reasons otherwise.
set -euo pipefail

check="$1"
root="$2"
caf_node="${3:-}"
docker_dir="$root/docker"

problems=0
problem() {
  echo "FAIL: $*" >&2
  problems=$((problems + 1))
}
finish() {
  if [ "$problems" -gt 0 ]; then
    echo "$check: $problems problem(s)" >&2
    exit 1
  fi
  echo "$check: PASS"
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# expect FILE PATTERN WHAT: FILE holds a line matching the extended regex.
expect() {
  grep -Eq -- "$2" "$1" || problem "$3 (no line matching '$2' in $(basename "$1"))"
}

# The seconds of a duration written as 90s, 1m30s, 2min or 1h.
seconds_of() {
  local text="$1" total=0 number unit
  while [[ "$text" =~ ^([0-9]+)(h|min|m|s)(.*)$ ]]; do
    number="${BASH_REMATCH[1]}" unit="${BASH_REMATCH[2]}" text="${BASH_REMATCH[3]}"
    case "$unit" in
    h) total=$((total + number * 3600)) ;;
    min | m) total=$((total + number * 60)) ;;
    s) total=$((total + number)) ;;
    esac
  done
  [ -z "$text" ] || return 1
  echo "$total"
}

# ini_value FILE SECTION KEY: the value (quotes removed) of KEY in [SECTION].
ini_value() {
  awk -v section="[$2]" -v key="$3" '
    /^\[/ { inside = ($0 == section) }
    inside && $0 ~ "^" key "=" { sub("^" key "=", ""); gsub("\"", ""); print; exit }' "$1"
}

check_compose_config() {
  local file out
  for file in stack.yml compose.yml; do
    out="$work/$file.resolved"
    if ! docker-compose --project-directory "$docker_dir" -f "$docker_dir/$file" config \
      >"$out" 2>"$work/errors"; then
      problem "docker-compose config refuses $file: $(cat "$work/errors")"
      continue
    fi
    echo "docker-compose accepts $file"
    expect "$out" 'CAF_NODE_ROLE: head' "$file: a head service"
    expect "$out" 'CAF_NODE_ROLE: worker' "$file: worker services"
    expect "$out" 'caf-node-data:/var/lib/caf-node' "$file: the head's database on a volume"
    expect "$out" 'stop_grace_period: 90s' "$file: a 90s grace period"
    expect "$out" 'caf-node-healthcheck' "$file: health checks"
    expect "$out" 'caf-node-cluster-secret' "$file: the cluster secret"
    expect "$out" 'caf-node-api-keys' "$file: the API keys"
  done
  out="$work/stack.yml.resolved"
  if [ -f "$out" ]; then
    expect "$out" "node.labels.caf-node.head == true" "stack.yml: the head placed on a labelled node"
    expect "$out" 'order: stop-first' "stack.yml: updates stop-first"
    expect "$out" 'failure_action: rollback' "stack.yml: failed updates roll back"
    expect "$out" 'condition: any' "stack.yml: restart policies"
    expect "$out" 'cpus: .?2' "stack.yml: CPU limits"
    expect "$out" 'memory: 4G' "stack.yml: memory limits"
    expect "$out" 'driver: overlay' "stack.yml: an overlay network"
    expect "$out" 'external: true' "stack.yml: docker secrets made beforehand"
    expect "$out" 'published: 8080' "stack.yml: the published API port"
    expect "$out" 'CAF_NODE_ID: worker-\{\{\.Task\.Slot\}\}' "stack.yml: a stable id per worker"
    # Exactly one head: one replica.
    [ "$(awk '/^  head:/{h=1} /^  worker:/{h=0} h && /replicas:/{print $2}' "$out")" = 1 ] ||
      problem "stack.yml: the head must have exactly 1 replica"
  fi
  out="$work/compose.yml.resolved"
  if [ -f "$out" ]; then
    local worker
    for worker in worker-1 worker-2 worker-3; do
      expect "$out" "CAF_NODE_ID: $worker" "compose.yml: $worker"
    done
    expect "$out" "file: $docker_dir/secrets/caf-node-cluster-secret" \
      "compose.yml: the cluster secret from docker/secrets"
  fi
}

check_yamllint() {
  local files=("$docker_dir"/*.yml)
  [ "${#files[@]}" -ge 2 ] || problem "expected stack.yml and compose.yml in docker/"
  if yamllint --strict -c "$docker_dir/.yamllint" "${files[@]}"; then
    echo "yamllint: ${files[*]##*/} clean"
  else
    problem "yamllint found problems"
  fi
}

check_shellcheck() {
  local scripts=() file
  while IFS= read -r -d '' file; do
    if [[ "$file" == *.sh ]] || head -n 1 "$file" | grep -Eq '^#!.*\b(ba)?sh\b'; then
      scripts+=("$file")
    fi
  done < <(find "$docker_dir" "$root/.ci" -type f ! -path "$docker_dir/secrets/*" -print0 | sort -z)
  scripts+=("$0")
  # At least the scripts this deployment consists of.
  local wanted
  for wanted in entrypoint.sh healthcheck.sh rehearse.sh clean.sh compose-secrets.sh \
    new-api-key.sh samples/upload-samples.sh; do
    printf '%s\n' "${scripts[@]}" | grep -qx "$docker_dir/$wanted" ||
      problem "docker/$wanted is missing or not recognised as a script"
  done
  printf '%s\n' "${scripts[@]}" | grep -qx "$root/.ci/install-deps" ||
    problem ".ci/install-deps not recognised as a script"
  if shellcheck "${scripts[@]}"; then
    echo "shellcheck: ${#scripts[@]} scripts clean:"
    printf '  %s\n' "${scripts[@]#"$root/"}"
  else
    problem "shellcheck found problems"
  fi
  local script
  for script in "${scripts[@]}"; do
    [ -x "$script" ] || problem "${script#"$root/"} is not executable"
  done
}

check_consistency() {
  [ -x "$caf_node" ] || {
    problem "no caf-node executable at '$caf_node'"
    finish
  }
  local dockerfile="$docker_dir/Dockerfile" build_stage="$work/build-stage"
  local runtime_stage="$work/runtime-stage"

  # 1. The build stage is CI's build: the same Debian, the same scripts.
  awk '/^FROM /{stage=$NF} stage=="build"' "$dockerfile" >"$build_stage"
  awk '/^FROM /{stage=$NF} stage=="runtime"' "$dockerfile" >"$runtime_stage"
  expect "$build_stage" '^FROM debian:12 AS build$' "the build stage starts from Debian 12"
  expect "$runtime_stage" '^FROM debian:12 AS runtime$' "the runtime stage starts from Debian 12"
  expect "$root/.ci/install-deps" 'Debian 12' ".ci/install-deps is for Debian 12"
  expect "$build_stage" '^RUN \.ci/install-deps build$' "the build stage runs .ci/install-deps build"
  expect "$build_stage" '^RUN \.ci/build( |$)' "the build stage runs .ci/build"
  expect "$runtime_stage" 'install-deps runtime' "the runtime stage runs install-deps runtime"
  expect "$root/.ci/run-tests" '"[$]root/\.ci/install-deps" test' "CI runs .ci/install-deps"
  expect "$root/.ci/run-tests" '"[$]root/\.ci/build"' "CI runs .ci/build"
  # Only CI's build script builds: no cmake or compiler in the Dockerfile.
  local own_build
  own_build="$(grep -v '^ *#' "$dockerfile" | grep -Ew '(cmake|make|ninja|g\+\+|c\+\+|apt-get)' || true)"
  [ -z "$own_build" ] || problem "the Dockerfile builds or installs packages itself: $own_build"
  expect "$root/.ci/build" '-B "[$]root/build"' ".ci/build builds into build/"

  # 2. The executables are where the Dockerfile takes them from: every
  # add_executable of caf-node and caf-shell, at build/<its folder>/NAME.
  local lists name folder
  for name in caf-node caf-shell; do
    lists="$(grep -rlE --include=CMakeLists.txt "add_executable\($name( |\))" "$root" \
      --exclude-dir=build --exclude-dir='build-*' --exclude-dir=tests || true)"
    if [ -z "$lists" ]; then
      problem "no add_executable($name) in the sources"
      continue
    fi
    folder="$(dirname "${lists%%$'\n'*}")"
    folder="${folder#"$root"}"
    expect "$build_stage" "build${folder}/$name " "the Dockerfile copies build${folder}/$name"
  done
  expect "$runtime_stage" '^COPY --from=build /out/bin/ /usr/local/bin/$' \
    "the runtime stage takes the executables from the build stage"

  # 3. Everything the Dockerfile copies exists.
  local source
  while read -r source; do
    [ -e "$root/$source" ] || problem "the Dockerfile copies $source, which does not exist"
  done < <(awk '$1 == "COPY" && $2 !~ /^--from/ && $2 != "." { print $2 }' "$dockerfile")

  # 4. Every option named anywhere in docker/ is a caf-node option.
  local help="$work/help" option
  "$caf_node" --help >"$help" 2>&1 || true
  grep -Eo -- '--[a-z-]+\.[a-z-]+=' "$help" | sed 's/^--//; s/=$//' | sort -u >"$work/options"
  [ "$(wc -l <"$work/options")" -gt 30 ] || problem "caf-node --help lists too few options"
  local sources=("$docker_dir/stack.yml" "$docker_dir/compose.yml" "$docker_dir/entrypoint.sh"
    "$docker_dir/rehearse.sh" "$docker_dir/healthcheck.sh" "$docker_dir/Dockerfile")
  {
    grep -Eho -- '--[a-z]+\.[a-z-]+' "${sources[@]}" | sed 's/^--//'
    grep -Eho -- 'add_option [a-z]+\.[a-z-]+' "$docker_dir/entrypoint.sh" | sed 's/^add_option //'
    for file in "$docker_dir"/config/*.ini; do
      awk '/^\[/ { section = substr($0, 2, length($0) - 2) }
           /^[a-z-]+=/ { split($0, part, "="); print section "." part[1] }' "$file"
    done
  } | sort -u >"$work/used"
  [ "$(wc -l <"$work/used")" -ge 10 ] || problem "found too few options in docker/"
  while read -r option; do
    grep -qx -- "$option" "$work/options" || problem "docker/ uses --$option, which caf-node does not have"
  done <"$work/used"
  echo "options used in docker/, all known to caf-node: $(tr "\n" " " <"$work/used")"

  # 5. caf-node accepts each role's file, and the file sets that role.
  local ini role
  for ini in "$docker_dir"/config/*.ini; do
    role="$(basename "$ini" .ini)"
    [ "$(ini_value "$ini" node role)" = "$role" ] || problem "$(basename "$ini") does not set node.role=\"$role\""
    "$caf_node" --config-file="$ini" --dump-config >/dev/null 2>"$work/errors" ||
      problem "caf-node refuses $(basename "$ini"): $(cat "$work/errors")"
  done
  for role in standalone head worker; do
    [ -f "$docker_dir/config/$role.ini" ] || problem "no docker/config/$role.ini"
  done
  expect "$runtime_stage" '^ENV CAF_NODE_ROLE=standalone$' "the image's default role"

  # 6. The environment the files set is what the entrypoint reads.
  local variable
  while read -r variable; do
    case "$variable" in
    CAF_NODE_IMAGE | CAF_NODE_CLUSTER_SECRET) ;;
    *) grep -q -- "\${$variable:-" "$docker_dir/entrypoint.sh" ||
      problem "$variable is set in docker/*.yml but docker/entrypoint.sh ignores it" ;;
    esac
  done < <(grep -Eho 'CAF_NODE_[A-Z_]+' "$docker_dir/stack.yml" "$docker_dir/compose.yml" | sort -u)

  # 7. The secret files the role files read are the secrets the stack and
  # the compose file mount (docker puts them in /run/secrets/NAME).
  local secret
  while read -r secret; do
    for file in stack.yml compose.yml; do
      grep -Eq "^  $secret:$" "$docker_dir/$file" ||
        problem "$file does not declare the secret $secret that docker/config reads"
      grep -Eq "^      - $secret$" "$docker_dir/$file" ||
        problem "$file mounts the secret $secret in no service"
    done
  done < <(grep -ho '/run/secrets/[a-z-]*' "$docker_dir"/config/*.ini | sed 's|.*/||' | sort -u)

  # 8. The grace period covers the drain, which covers a job's attempt.
  local grace drain job
  job="$(seconds_of "$(ini_value "$docker_dir/config/head.ini" worker job-timeout)")" ||
    problem "head.ini: no worker.job-timeout"
  for role in head worker; do
    drain="$(seconds_of "$(ini_value "$docker_dir/config/$role.ini" node shutdown-timeout)")" ||
      problem "$role.ini: no node.shutdown-timeout"
    [ "${drain:-0}" -gt "${job:-0}" ] ||
      problem "$role.ini: node.shutdown-timeout ($drain s) must exceed worker.job-timeout ($job s)"
    for file in stack.yml compose.yml; do
      while read -r grace; do
        grace="$(seconds_of "$grace")" || problem "$file: stop_grace_period unreadable"
        [ "${grace:-0}" -gt "${drain:-0}" ] ||
          problem "$file: stop_grace_period (${grace}s) must exceed $role's node.shutdown-timeout (${drain}s)"
      done < <(sed -n 's/^ *stop_grace_period: *//p' "$docker_dir/$file")
    done
  done
  echo "grace periods > node.shutdown-timeout ${drain:-?}s > worker.job-timeout ${job:-?}s"
}

check_standalone() {
  [ -x "$caf_node" ] || {
    problem "no caf-node executable at '$caf_node'"
    finish
  }
  cd "$work"
  # The log exists before the node starts writing it: the loop below reads it
  # at once.
  : >"$work/node.log"
  (exec env -u CAF_NODE_ROLE CAF_NODE_BIN="$caf_node" CAF_NODE_CONFIG_DIR="$docker_dir/config" \
    "$docker_dir/entrypoint.sh" --http.port=0 --cluster.port=0 --storage.path="$work/data" \
    --profiles.path="$root/config/profiles" --worker.count=1) >"$work/node.log" 2>&1 &
  local pid=$! deadline=$((SECONDS + 30)) port=""
  while [ -z "$port" ]; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      problem "the standalone node did not serve within 30s: $(cat "$work/node.log")"
      kill -KILL "$pid" 2>/dev/null || true
      finish
    fi
    port="$(sed -n 's|.* serving http://0\.0\.0\.0:\([0-9][0-9]*\).*|\1|p' "$work/node.log")"
    [ -n "$port" ] || sleep 0.05
  done
  echo "standalone node (the image's default role) serves on 0.0.0.0:$port"
  local health=1
  while [ "$SECONDS" -lt "$deadline" ]; do
    if CAF_NODE_HTTP_PORT="$port" "$docker_dir/healthcheck.sh"; then
      health=0
      break
    fi
    sleep 0.1
  done
  [ "$health" -eq 0 ] || problem "the health check of the standalone node does not pass"
  if CAF_NODE_HTTP_PORT=1 "$docker_dir/healthcheck.sh" >/dev/null; then
    problem "the health check passes on a port where nothing listens"
  fi
  if CAF_NODE_ROLE=worker CAF_NODE_CLUSTER_HEAD=head:1 "$docker_dir/healthcheck.sh" >/dev/null; then
    problem "a worker's health check passes without a connection to its head"
  fi
  grep -q 'caf-node .*standalone\|role standalone\|standalone' "$work/node.log" ||
    problem "the node log does not name the standalone role"
  kill -TERM "$pid"
  local status=0
  wait "$pid" || status=$?
  [ "$status" -eq 0 ] || problem "the standalone node exited with $status after SIGTERM"
  # The entrypoint refuses an unknown role, and runs other commands as given.
  if CAF_NODE_ROLE=bogus CAF_NODE_BIN="$caf_node" "$docker_dir/entrypoint.sh" >/dev/null 2>&1; then
    problem "the entrypoint accepts CAF_NODE_ROLE=bogus"
  fi
  [ "$("$docker_dir/entrypoint.sh" echo passed through)" = "passed through" ] ||
    problem "the entrypoint does not run a command given to it"
}

case "$check" in
compose-config) check_compose_config ;;
yamllint) check_yamllint ;;
shellcheck) check_shellcheck ;;
consistency) check_consistency ;;
standalone) check_standalone ;;
*)
  echo "usage: docker_files_test.sh compose-config|yamllint|shellcheck|consistency|standalone ROOT [CAF_NODE]" >&2
  exit 2
  ;;
esac
finish
