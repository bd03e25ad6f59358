#!/usr/bin/env bash
# Keeps the README's operations table equal to what operations_doc prints
# from the operation catalog. The table sits between the lines
#   <!-- operations:begin -->  and  <!-- operations:end -->
#
# Usage: operations_section.sh check  OPERATIONS_DOC README
#          exit 0 when equal, 1 with a diff and the command to update
#        operations_section.sh update OPERATIONS_DOC README
#          rewrites the section in place
set -euo pipefail

begin_marker='<!-- operations:begin -->'
end_marker='<!-- operations:end -->'

fail() {
  echo "operations_section.sh: $*" >&2
  exit 1
}

[ "$#" -eq 3 ] || fail "usage: operations_section.sh check|update OPERATIONS_DOC README"
mode="$1" generator="$2" readme="$3"
for marker in "$begin_marker" "$end_marker"; do
  [ "$(grep -cxF "$marker" "$readme")" = 1 ] ||
    fail "$readme must contain the line '$marker' exactly once"
done
[ "$(grep -nxF "$begin_marker" "$readme" | cut -d: -f1)" -lt \
  "$(grep -nxF "$end_marker" "$readme" | cut -d: -f1)" ] ||
  fail "$readme: '$begin_marker' must come before '$end_marker'"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$generator" >"$work/generated.md" || fail "$generator failed"

# The README with the generated table in place of the current section.
awk -v begin="$begin_marker" -v end="$end_marker" -v table="$work/generated.md" '
  $0 == begin { print; while ((getline line < table) > 0) print line; skipping = 1; next }
  $0 == end { skipping = 0 }
  !skipping { print }
' "$readme" >"$work/README.md"

case "$mode" in
check)
  if ! diff -u --label "$readme (committed)" --label "$readme (from the catalog)" \
    "$readme" "$work/README.md"; then
    echo "operations_section.sh: the operations table in $readme differs from the catalog." >&2
    echo "Regenerate it with:" >&2
    echo "  cmake --build build --target operations_doc &&" \
      "tests/docs/operations_section.sh update build/tests/docs/operations_doc README.md" >&2
    exit 1
  fi
  ;;
update)
  cp "$work/README.md" "$readme"
  ;;
*)
  fail "unknown mode '$mode' (check or update)"
  ;;
esac
