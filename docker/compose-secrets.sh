#!/usr/bin/env bash
# Makes the secrets docker/compose.yml mounts, once, in docker/secrets/
# (not committed):
#   caf-node-cluster-secret  a random cluster secret (256 bits, hex)
#   caf-node-api-keys        the key file, with one admin key, named by the
#                            argument (default "ops"); the key is printed
#                            now and stored nowhere
# Existing files are kept: remove them (or run clean.sh --secrets) to make
# new ones. Needs openssl. For a swarm, create docker secrets instead
# (README.md, "Deploying on a Docker swarm").
#
# Usage: compose-secrets.sh [KEY-NAME]
set -euo pipefail

docker_dir="$(cd "$(dirname "$0")" && pwd)"
secrets_dir="$docker_dir/secrets"
name="${1:-ops}"
umask 077
mkdir -p "$secrets_dir"

# The containers run as an unprivileged user and compose mounts these files
# as they are: they must be readable by it. The folder keeps other users of
# this machine out.
chmod 700 "$secrets_dir"

secret_file="$secrets_dir/caf-node-cluster-secret"
if [ -s "$secret_file" ]; then
  echo "compose-secrets.sh: keeping $secret_file"
else
  openssl rand -hex 32 >"$secret_file"
  chmod 644 "$secret_file"
  echo "compose-secrets.sh: made $secret_file"
fi

keys_file="$secrets_dir/caf-node-api-keys"
if [ -s "$keys_file" ]; then
  echo "compose-secrets.sh: keeping $keys_file"
else
  output="$("$docker_dir/new-api-key.sh" "$name" admin)"
  key="$(grep -v '^#' <<<"$output" | sed -n 1p)"
  line="$(grep -v '^#' <<<"$output" | sed -n 2p)"
  printf '# NAME SCOPE SHA256HEX, one key a line (docker/new-api-key.sh)\n%s\n' "$line" >"$keys_file"
  chmod 644 "$keys_file"
  echo "compose-secrets.sh: made $keys_file with the admin key '$name':"
  echo "$key"
  echo "(shown only now; clients send \"Authorization: Bearer <key>\")"
fi
