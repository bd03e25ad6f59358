#!/usr/bin/env bash
# Resets the one-machine deployment of docker/compose.yml: stops and removes
# its containers and network and the volume with the head's database, so
# the next "up" starts with no images. With --secrets, also removes
# docker/secrets/ (compose-secrets.sh makes new ones).
#
# Usage: clean.sh [--secrets]
# Uses "docker compose", else docker-compose. COMPOSE_PROJECT_NAME, when
# set, names the project as it does for compose itself.
set -euo pipefail

docker_dir="$(cd "$(dirname "$0")" && pwd)"
remove_secrets=false
case "${1:-}" in
"") ;;
--secrets) remove_secrets=true ;;
*)
  echo "usage: clean.sh [--secrets]" >&2
  exit 2
  ;;
esac

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null; then
  compose=(docker-compose)
else
  echo "clean.sh: neither 'docker compose' nor docker-compose is installed" >&2
  exit 1
fi

"${compose[@]}" -f "$docker_dir/compose.yml" down --volumes --remove-orphans
if [ "$remove_secrets" = true ]; then
  rm -rf "$docker_dir/secrets"
  echo "clean.sh: removed $docker_dir/secrets"
fi
