#!/usr/bin/env bash
# Uploads every sample image of this folder to a caf-node the way a camera
# does, then sends the operations file beside it (NAME.ops) as a command and
# waits for the result. Prints one line per sample:
#   NAME  IMAGE-ID  STATUS  FORMAT WIDTHxHEIGHT  RESULT-URL
#
# Usage: upload-samples.sh [BASE-URL]
#   BASE-URL          default $CAF_NODE_URL, else http://127.0.0.1:8080
#   CAF_NODE_API_KEY  when set, sent as "Authorization: Bearer <key>"
#
# Exits 0 when every sample produced a done version, 1 when the node cannot
# be reached or any step failed (the reason goes to stderr). Needs only
# bash, curl, sed and coreutils.
set -euo pipefail
shopt -s nullglob

samples_dir="$(cd "$(dirname "$0")" && pwd)"
base_url="${1:-${CAF_NODE_URL:-http://127.0.0.1:8080}}"
base_url="${base_url%/}"
wait_seconds=30

response_dir="$(mktemp -d)"
trap 'rm -rf "$response_dir"' EXIT
body="$response_dir/body"
curl_errors="$response_dir/curl-errors"

auth_header=()
if [ -n "${CAF_NODE_API_KEY:-}" ]; then
  auth_header=(-H "Authorization: Bearer $CAF_NODE_API_KEY")
fi

fail() {
  echo "upload-samples.sh: $*" >&2
  exit 1
}

# Sends a request with curl; the body lands in $body, the status is printed.
# Extra arguments go to curl. Fails when the node does not answer at all.
request() {
  local url="$1" status
  shift
  if ! status="$(curl --silent --show-error --max-time $((wait_seconds + 30)) \
    "${auth_header[@]}" --output "$body" --write-out '%{http_code}' "$@" "$url" \
    2>"$curl_errors")"; then
    fail "no answer from $url: $(cat "$curl_errors")"
  fi
  echo "$status"
}

# The value of key $1 in the compact JSON object in $body: a string (quotes
# and the escapes \" and \\ undone) or a number; empty when absent. The
# "ops" and "versions" arrays are cut out first, so that their nested keys
# (an operation's "format", a version's "width") never match.
json_value() {
  local key="\"$1\":"
  local string='"\(\([^"\\]\|\\.\)*\)"' number='\([-0-9.][0-9.eE+-]*\)'
  sed -e 's/"ops":\[[^]]*\]//g' -e 's/"versions":\[.*\]//' "$body" |
    sed -n -e "s/.*$key$string.*/\\1/" -e 't string' \
      -e "s/.*$key$number.*/\\1/p" -e 'b' \
      -e ':string' -e 's/\\\([\\"]\)/\1/g' -e 'p' | head -n 1
}

# The error of a failed request, "code: message", from the error body.
error_text() {
  local code message
  code="$(json_value code)"
  message="$(json_value message)"
  if [ -n "$code" ]; then
    echo "$code: $message"
  else
    head -c 200 "$body"
  fi
}

content_type_of() {
  case "$1" in
  *.jpg | *.jpeg) echo image/jpeg ;;
  *.png) echo image/png ;;
  *.gif) echo image/gif ;;
  *.tif | *.tiff) echo image/tiff ;;
  *.bmp) echo image/bmp ;;
  *.webp) echo image/webp ;;
  *) echo application/octet-stream ;;
  esac
}

health_status="$(request "$base_url/health")" ||
  fail "caf-node is not reachable at $base_url (set CAF_NODE_URL or pass the URL)"
[ "$health_status" = 200 ] ||
  fail "$base_url/health answered HTTP $health_status, not 200: $(error_text)"

ops_files=("$samples_dir"/*.ops)
[ "${#ops_files[@]}" -gt 0 ] || fail "no samples (*.ops) in $samples_dir"

failures=0
for ops_file in "${ops_files[@]}"; do
  stem="${ops_file%.ops}"
  images=("$stem".*)
  image=""
  for candidate in "${images[@]}"; do
    case "$candidate" in
    *.ops) ;;
    *) image="$candidate" ;;
    esac
  done
  [ -n "$image" ] || fail "no image beside $ops_file"
  name="$(basename "$image")"

  status="$(request "$base_url/v1/images" --data-binary "@$image" \
    -H "Content-Type: $(content_type_of "$name")")"
  if [ "$status" != 201 ]; then
    echo "upload-samples.sh: upload of $name: HTTP $status, $(error_text)" >&2
    failures=$((failures + 1))
    continue
  fi
  id="$(json_value id)"
  [ -n "$id" ] || fail "upload of $name: no image id in the answer"

  status="$(request "$base_url/v1/images/$id/commands?wait=$wait_seconds" \
    --data-binary "@$ops_file" -H 'Content-Type: text/plain; charset=utf-8')"
  if [ "$status" != 200 ] && [ "$status" != 202 ]; then
    echo "upload-samples.sh: command for $name: HTTP $status, $(error_text)" >&2
    failures=$((failures + 1))
    continue
  fi
  version="$(json_value version)"
  version_status="$(json_value status)"
  result_url="$base_url/v1/images/$id/versions/$version/content"
  if [ "$version_status" = "done" ]; then
    result="$(json_value format) $(json_value width)x$(json_value height)"
  elif [ "$version_status" = failed ]; then
    result="$(error_text)"
  else
    result="not finished after ${wait_seconds}s"
  fi
  printf '%-24s %s %-7s %-16s %s\n' "$name" "$id" "$version_status" "$result" "$result_url"
  [ "$version_status" = "done" ] || failures=$((failures + 1))
done

if [ "$failures" -gt 0 ]; then
  fail "$failures of ${#ops_files[@]} samples did not produce a done version"
fi
