#!/usr/bin/env bash
# Starts caf-node on a free port with an empty store, runs
# docker/samples/upload-samples.sh against it and checks that every sample
# produced the expected result, fetched back and decoded with gm. These
# scripts and tests/docs/operations_section.sh must pass shellcheck.
#
# Usage: samples_upload_test.sh CAF_NODE SAMPLES_DIR PROFILES_DIR
set -euo pipefail

caf_node="$1" samples_dir="$2" profiles_dir="$3"
start_deadline_seconds=30

# What each sample's operations file must produce: format and size.
declare -A expected=(
  [calibration.bmp]="PNG 320x240"
  [camera-0117-rotated.jpg]="JPEG 768x1024"
  [camera-12mp.jpg]="JPEG 1920x1440"
  [defect-map.gif]="PNG 480x640"
  [overlay-mask.png]="WEBP 400x300"
  [part-0042.jpg]="JPEG 1024x768"
  [station-b.webp]="JPEG 640x480"
  [surface-scan.tif]="PNG 512x512"
)

work="$(mktemp -d)"
node_pid=""
stop_node() {
  if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then
    kill -TERM "$node_pid"
    wait "$node_pid" || true
  fi
  rm -rf "$work"
}
trap stop_node EXIT

fail() {
  echo "FAIL: $*" >&2
  if [ -f "$work/node.log" ]; then
    echo "--- caf-node log ---" >&2
    cat "$work/node.log" >&2
  fi
  exit 1
}

echo "shellcheck of the sample and test scripts"
shellcheck "$samples_dir/upload-samples.sh" "$samples_dir/generate.sh" "$0" \
  "$(dirname "$0")/../../docs/operations_section.sh" || fail "shellcheck found problems"

# Port 0: the system picks a free port and caf-node logs the one it got, so
# no other process can take the port between choosing and binding it.
cd "$work"
# The log exists before caf-node starts writing it: the loop below reads it
# at once.
: >"$work/node.log"
"$caf_node" --http.port=0 --cluster.port=0 --storage.path="$work/data" --profiles.path="$profiles_dir" \
  --worker.count=2 >"$work/node.log" 2>&1 &
node_pid=$!

deadline=$((SECONDS + start_deadline_seconds))
port=""
while [ -z "$port" ]; do
  kill -0 "$node_pid" 2>/dev/null || fail "caf-node exited during start"
  [ "$SECONDS" -lt "$deadline" ] || fail "caf-node did not serve within ${start_deadline_seconds}s"
  port="$(sed -n 's|.* serving http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$work/node.log")"
  [ -n "$port" ] || sleep 0.05
done
base_url="http://127.0.0.1:$port"
until curl --silent --fail --max-time 5 --output /dev/null "$base_url/health"; do
  [ "$SECONDS" -lt "$deadline" ] || fail "$base_url/health did not answer 200 in time"
  sleep 0.05
done
echo "caf-node serves $base_url"

"$samples_dir/upload-samples.sh" "$base_url" >"$work/results.txt" ||
  fail "upload-samples.sh exited with $? (output: $(cat "$work/results.txt"))"
cat "$work/results.txt"

[ "$(wc -l <"$work/results.txt")" -eq "${#expected[@]}" ] ||
  fail "expected ${#expected[@]} result lines, got $(wc -l <"$work/results.txt")"
for name in "${!expected[@]}"; do
  read -r _ id status format size url < <(awk -v name="$name" '$1 == name' "$work/results.txt") ||
    fail "no result line for $name"
  [ "$status" = "done" ] || fail "$name: status $status, expected done"
  [ "$format $size" = "${expected[$name]}" ] ||
    fail "$name: reported $format $size, expected ${expected[$name]}"
  [ "$url" = "$base_url/v1/images/$id/versions/1/content" ] || fail "$name: result URL $url"
  curl --silent --fail --max-time 30 --output "$work/result" "$url" ||
    fail "$name: cannot fetch $url"
  decoded="$(gm identify -format '%m %wx%h' "$work/result")" || fail "$name: result does not decode"
  [ "$decoded" = "${expected[$name]}" ] ||
    fail "$name: the result decodes as $decoded, expected ${expected[$name]}"
done

# A clean stop returns 0.
kill -TERM "$node_pid"
node_status=0
wait "$node_pid" || node_status=$?
node_pid=""
[ "$node_status" -eq 0 ] || fail "caf-node exited with $node_status after SIGTERM"
echo "PASS: ${#expected[@]} samples uploaded and processed"
