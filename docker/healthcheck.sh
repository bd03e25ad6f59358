#!/usr/bin/env bash
# HEALTHCHECK of the caf-node image (installed as caf-node-healthcheck).
#   head, standalone: GET /health on the HTTP port answers 200
#   worker:           a TCP connection to the head's cluster port is open
#                     (worker nodes have no HTTP API); read from
#                     /proc/net/tcp{,6}, so it needs no tools
# Reads CAF_NODE_ROLE, CAF_NODE_HTTP_PORT and CAF_NODE_CLUSTER_HEAD like
# caf-node-entrypoint; the worker's head defaults to worker.ini's head:4242.
# Exits 0 when healthy, 1 otherwise with the reason on stdout (docker keeps
# it in the container's health log).
set -euo pipefail

role="${CAF_NODE_ROLE:-standalone}"
if [ "$role" != worker ]; then
  url="http://127.0.0.1:${CAF_NODE_HTTP_PORT:-8080}/health"
  if ! curl --silent --show-error --fail --max-time 4 --output /dev/null "$url" 2>&1; then
    echo "unhealthy: $url did not answer 200"
    exit 1
  fi
  echo "healthy: $url answered 200"
  exit 0
fi

head="${CAF_NODE_CLUSTER_HEAD:-head:4242}"
port="${head##*:}"
if ! [[ "$port" =~ ^[0-9]+$ ]]; then
  echo "unhealthy: no port in the head address '$head'"
  exit 1
fi
# /proc/net/tcp lines: "sl local_address rem_address st ...", addresses as
# HEX-IP:HEX-PORT, state 01 is ESTABLISHED.
pattern="$(printf ':%04X 01 ' "$port")"
for table in /proc/net/tcp /proc/net/tcp6; do
  if [ -r "$table" ] && grep -q -- "$pattern" "$table"; then
    echo "healthy: connected to the head's port $port"
    exit 0
  fi
done
echo "unhealthy: no connection to the head ($head)"
exit 1
