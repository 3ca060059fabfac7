#!/usr/bin/env bash
# Builds the fuzz targets of tests/fuzz with clang's libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs each for SECONDS (default 60) from its committed seeds.
# Prints executions, executions per second, coverage and features per target; writes the table
# to BUILD/fuzz-report.txt. Any crash, leak, sanitizer report or timeout fails the run, and its
# input is copied to tests/fuzz/corpus/<target>/ as a regression input that the unit tests
# replay from then on (commit it with the fix).
# Usage: scripts/fuzz.sh [SECONDS|ci] [BUILD]   (BUILD default build-fuzz; FUZZ_TARGETS to choose;
# FUZZ_SEED fixes libFuzzer's random seed; FUZZ_RUNS=N runs N executions per target instead of
# a time budget). With FUZZ_TARGETS set the report is fuzz-report-<targets>.txt, so runs of
# different targets can share one build at the same time.
# `ci` is the test suite's run: a fixed number of executions per target (HL_FUZZ_CI_RUNS in
# tests/fuzz/CMakeLists.txt), seed 1, from the committed corpus only, without libFuzzer's
# comparison tracing (it feeds stack addresses back into the mutations, which differ with the
# environment). The run is then the same on every machine: what it finds it finds before a
# commit, not by chance in CI. The committed corpus carries what longer runs found.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_EACH="${1:-60}"
BUILD="${2:-$ROOT/build-fuzz}"
JOBS="${JOBS:-$(nproc)}"
command -v clang++ >/dev/null 2>&1 || { echo "fuzz.sh: clang++ is needed (scripts/install-deps.sh installs it)" >&2; exit 1; }
if [ ! -f "$BUILD/build.ninja" ]; then
  CXX=clang++ cmake -S "$ROOT/tests/fuzz" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$BUILD" -j "$JOBS" >"$BUILD/build.log" 2>&1 || { tail -30 "$BUILD/build.log"; exit 1; }
TARGETS="${FUZZ_TARGETS:-$(sed -n 's/^set(HL_FUZZ_TARGETS \(.*\))$/\1/p' "$ROOT/tests/fuzz/CMakeLists.txt")}"
[ -n "$TARGETS" ] || { echo "fuzz.sh: no fuzz targets found in tests/fuzz/CMakeLists.txt (HL_FUZZ_TARGETS on one line)" >&2; exit 1; }
CI_RUNS=""
if [ "$SECONDS_EACH" = ci ]; then
  CI_RUNS="$(sed -n 's/^set(HL_FUZZ_CI_RUNS \(.*\))$/\1/p' "$ROOT/tests/fuzz/CMakeLists.txt")"
  FUZZ_SEED=1
  # Some branches depend on where the heap lies (a few coverage features differ between runs
  # with address randomisation on): off for this run where the system allows it.
  if setarch -R true 2>/dev/null; then NO_ASLR="setarch -R"; else echo "fuzz.sh: setarch -R is not allowed here; the fixed run may differ slightly between machines" >&2; fi
fi
REPORT="$BUILD/fuzz-report${FUZZ_TARGETS:+-${FUZZ_TARGETS// /-}}.txt"
{
  if [ -n "$CI_RUNS" ]; then what="fixed executions per target, seed 1"
  elif [ -n "${FUZZ_RUNS:-}" ]; then what="$FUZZ_RUNS executions per target"
  else what="$SECONDS_EACH s per target"; fi
  echo "fuzz run $(date -u '+%Y-%m-%d %H:%M UTC'), $what, $(nproc) cores, $(clang++ --version | head -1)"
  printf '%-16s %12s %10s %8s %8s %s\n' target executions "exec/s" cov ft result
} >"$REPORT"
failed=0
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1"
export OPENCV_IO_MAX_IMAGE_PIXELS=16777216  # the image target: OpenCV's own limit (default 2^30) under libFuzzer's RSS limit
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
for t in $TARGETS; do
  work="$BUILD/corpus/$t" art="$BUILD/artifacts/$t"
  budget="-max_total_time=$SECONDS_EACH"
  [ -z "${FUZZ_RUNS:-}" ] || budget="-runs=$FUZZ_RUNS"
  if [ -n "$CI_RUNS" ]; then
    runs="$(tr ' ' '\n' <<<"$CI_RUNS" | sed -n "s/^$t=//p")"
    [ -n "$runs" ] || { echo "fuzz.sh: $t has no entry in HL_FUZZ_CI_RUNS" >&2; exit 1; }
    work="$BUILD/ci-corpus/$t" budget="-runs=$runs -reload=0 -use_cmp=0"
    rm -rf "$work"
  fi
  mkdir -p "$work" "$art"
  rm -f "$art"/*
  set +e
  ${NO_ASLR:-} "$BUILD/fuzz_$t" ${FUZZ_SEED:+-seed=$FUZZ_SEED} $budget -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$art/" "$work" "$ROOT/tests/fuzz/corpus/$t" >"$BUILD/$t.log" 2>&1
  rc=$?
  set -e
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$BUILD/$t.log" | tail -1 || true)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$BUILD/$t.log" | tail -1 || true)"
  cov="$(grep -oE 'cov: [0-9]+' "$BUILD/$t.log" | tail -1 | cut -d' ' -f2 || true)"
  ft="$(grep -oE 'ft: [0-9]+' "$BUILD/$t.log" | tail -1 | cut -d' ' -f2 || true)"
  result=ok
  if [ $rc -ne 0 ] || ls "$art"/* >/dev/null 2>&1; then
    result="FAILED (rc $rc)"
    failed=1
    for a in "$art"/*; do
      [ -f "$a" ] || continue
      cp "$a" "$ROOT/tests/fuzz/corpus/$t/regression-$(basename "$a")"
      echo "  $t: $(basename "$a") saved as tests/fuzz/corpus/$t/regression-$(basename "$a")"
    done
    grep -m 5 -E "ERROR|runtime error|property violated|SUMMARY" "$BUILD/$t.log" | sed 's/^/    /' || true
  fi
  if [ -z "$execs" ] && [ "$result" = ok ]; then
    result="FAILED (no statistics: did it run?)"
    failed=1
  fi
  printf '%-16s %12s %10s %8s %8s %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$result" >>"$REPORT"
done
cat "$REPORT"
exit $failed
