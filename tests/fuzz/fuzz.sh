#!/usr/bin/env bash
# Builds and runs the libFuzzer targets (see project/CMakeLists.txt).
#
# Usage: fuzz.sh build BUILD-DIR
#          configure tests/fuzz/project with clang++ into BUILD-DIR and build
#        fuzz.sh run BUILD-DIR TARGET SECONDS [SEED-DIR...]
#          fuzz TARGET for SECONDS, starting from its committed seeds
#          (corpus/TARGET) and any SEED-DIR; new inputs go to
#          BUILD-DIR/work/TARGET, crashes to BUILD-DIR/work/TARGET-crash-*
# Exits 2 when clang++ or libFuzzer is missing or the target was not built
# (CTest then reports the test as skipped), 1 on a failure or a crash.
set -euo pipefail

fuzz_dir="$(cd "$(dirname "$0")" && pwd)"

skip() {
  echo "fuzz.sh: $*; skipped" >&2
  exit 2
}

build() {
  local build_dir="$1" check
  command -v clang++ >/dev/null || skip "clang++ not found (Debian 12: clang)"
  check="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now
  trap "rm -rf '$check'" EXIT
  printf 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }\n' \
    >"$check/target.cpp"
  clang++ -fsanitize=fuzzer "$check/target.cpp" -o "$check/target" 2>/dev/null ||
    skip "clang++ cannot link libFuzzer (Debian 12: libclang-rt-14-dev)"
  cmake -S "$fuzz_dir/project" -B "$build_dir" -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build_dir" -j2
}

run() {
  local build_dir="$1" target="$2" seconds="$3"
  shift 3
  local binary="$build_dir/fuzz_$target" work="$build_dir/work/$target"
  [ -x "$binary" ] || skip "$binary was not built"
  mkdir -p "$work"
  # libheif 1.15's dav1d plugin leaks its picture when AV1 data fails to
  # decode: outside this project, and not a finding.
  LSAN_OPTIONS="suppressions=$fuzz_dir/lsan.supp" "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work-" "$work" "$fuzz_dir/corpus/$target" "$@"
}

usage() {
  echo "usage: fuzz.sh build BUILD-DIR | run BUILD-DIR TARGET SECONDS [SEED-DIR...]" >&2
  exit 1
}

case "${1:-}" in
  build)
    [ "$#" -eq 2 ] || usage
    build "$2"
    ;;
  run)
    [ "$#" -ge 4 ] || usage
    shift
    run "$@"
    ;;
  *) usage ;;
esac
