#!/usr/bin/env bash
# Entrypoint of the caf-node image (installed as caf-node-entrypoint).
#
#   (no arguments, or options)  starts caf-node with the configuration file
#                               of its role, then the options given
#   shell [ARGS...]             runs the inspection shell, caf-shell ARGS
#   any other command           runs that command (bash, caf-shell, ...)
#
# The environment sets what a swarm service cannot put in its command
# (templates such as {{.Task.Slot}} work only in the environment):
#   CAF_NODE_ROLE          standalone (default), head or worker; picks
#                          $CAF_NODE_CONFIG_DIR/ROLE.ini and --node.role
#   CAF_NODE_ID            --node.id
#   CAF_NODE_CLUSTER_HEAD  --cluster.head (worker; default in worker.ini)
#   CAF_NODE_WORKER_COUNT  --worker.count
#   CAF_NODE_HTTP_PORT     --http.port (also read by caf-node-healthcheck)
#   CAF_NODE_LOG_LEVEL     --log.level
#   CAF_NODE_CLUSTER_SECRET is read by caf-node itself, never put on the
#                          command line (prefer cluster.secret-file).
# Options given as arguments come after these and win over them.
#
#   CAF_NODE_CONFIG_DIR    folder of the ROLE.ini files (/etc/caf-node)
#   CAF_NODE_BIN           the caf-node executable (caf-node on the PATH)
# docker/rehearse.sh runs this script outside a container with these two.
set -euo pipefail

if [ "$#" -gt 0 ]; then
  case "$1" in
  shell)
    shift
    exec caf-shell "$@"
    ;;
  -*) ;;
  *) exec "$@" ;;
  esac
fi

role="${CAF_NODE_ROLE:-standalone}"
config_dir="${CAF_NODE_CONFIG_DIR:-/etc/caf-node}"
case "$role" in
standalone | head | worker) ;;
*)
  echo "caf-node-entrypoint: CAF_NODE_ROLE must be standalone, head or worker, not '$role'" >&2
  exit 2
  ;;
esac

options=("--config-file=$config_dir/$role.ini" "--node.role=$role")
add_option() { # add_option NAME VALUE: --NAME=VALUE when VALUE is not empty
  if [ -n "$2" ]; then
    options+=("--$1=$2")
  fi
}
add_option node.id "${CAF_NODE_ID:-}"
add_option cluster.head "${CAF_NODE_CLUSTER_HEAD:-}"
add_option worker.count "${CAF_NODE_WORKER_COUNT:-}"
add_option http.port "${CAF_NODE_HTTP_PORT:-}"
add_option log.level "${CAF_NODE_LOG_LEVEL:-}"

exec "${CAF_NODE_BIN:-caf-node}" "${options[@]}" "$@"
