#!/usr/bin/env bash
# Makes a new API key for caf-node. Prints the key, once: hand it to the
# device or person it is for, it is stored nowhere. Then prints the line for
# the key file (api.keys-file) or, quoted, for api.keys in the config file:
# "NAME SCOPE SHA256HEX", which holds only the key's SHA-256.
#
# Usage: new-api-key.sh NAME [device|admin]
#   NAME   1 to 64 of A-Z a-z 0-9 . _ - ; appears in logs and version records
#   scope  device (default): upload, command, read; admin: also delete images
#          and see the cluster
#
# Output, two lines that are not comments: the key, then the key file line.
# Exits 2 on bad arguments, 1 when openssl is missing or fails.
set -euo pipefail

# fail EXIT-CODE MESSAGE
fail() {
  echo "new-api-key.sh: $2" >&2
  exit "$1"
}

if [ "$#" -lt 1 ] || [ "$#" -gt 2 ]; then
  fail 2 "usage: new-api-key.sh NAME [device|admin]"
fi
name="$1"
scope="${2:-device}"
[[ "$name" =~ ^[A-Za-z0-9._-]{1,64}$ ]] || fail 2 "NAME must be 1 to 64 of A-Z a-z 0-9 . _ -"
case "$scope" in
  device | admin) ;;
  *) fail 2 "the scope must be device or admin, not '$scope'" ;;
esac
command -v openssl >/dev/null || fail 1 "openssl not found; install openssl"

# 256 random bits, as hex so that the key needs no quoting anywhere.
key="$(openssl rand -hex 32)"
digest="$(printf '%s' "$key" | openssl dgst -sha256 -r)"
digest="${digest%% *}"
[[ "$digest" =~ ^[0-9a-f]{64}$ ]] || fail 1 "openssl printed no SHA-256 digest"

echo "# API key for $name (scope $scope), shown only now. Clients send it as"
echo "# the header \"Authorization: Bearer <key>\"."
echo "$key"
echo "# The line for the key file (api.keys-file), or quoted for api.keys:"
echo "$name $scope $digest"
