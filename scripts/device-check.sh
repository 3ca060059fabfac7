#!/usr/bin/env bash
# The GPU check, one run of at most about 8 minutes on a machine with a libtorch and no Qt:
#   1. configures the torch-only build (-DHYPERLORA_TORCH_ONLY=ON) against the libtorch of the
#      Python wheel (or TORCH_PREFIX, or the system's) and builds it with every core;
#   2. runs the Qt-free parity suite on CUDA in fp32 (usual tolerances), fp16 and bf16 (against
#      the fp32 references with the looser tolerances of tests/support/golden.h);
#   3. benchmarks full-size shapes with random weights: SDXL 1024x1024, 20 steps DPM++ 2M, CFG 5,
#      fp16 (seconds per image and per step, UNet TFLOP/s against the measured matmul peak, peak
#      VRAM, the first image after loading); the ID-LoRA from one reference; a slider re-merge;
#   4. with DIFFUSERS_SRC pointing at a diffusers source tree (never committed), the same
#      1024x1024 workload in diffusers (SDPA, fp16) in the same run, and the ratio;
#   5. writes every figure to $OUT/device-check.txt (build/ when OUT is unset), the full output
#      of every step to device-check.log beside it.
# Without a CUDA device it still runs to the end: the CUDA rows say "no CUDA device" and the
# parity suite runs once on the CPU instead, so the script itself is checked on any machine.
# Before a run on a lent machine: scripts/device-prepare.sh [DIFFUSERS_GIT] (what must travel).
# Variables: OUT, TORCH_PREFIX, DIFFUSERS_SRC, DEVICE_BUILD_DIR (build-device), DEVICE_BUILD_TYPE
# (Release), JOBS,
# HYPERLORA_GOLDEN_DIR, BENCH_SIZE (1024), BENCH_STEPS (20), PARITY_LIMIT_S (90 per dtype),
# BUILD_LIMIT_S (360), BUDGET_S (480: on a GPU, later steps are skipped, and say so, when the
# run would go past it).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT_DIR="${OUT:-$ROOT/build}"
BUILD="${DEVICE_BUILD_DIR:-$ROOT/build-device}"
JOBS="${JOBS:-$(nproc)}"
SIZE="${BENCH_SIZE:-1024}"
STEPS="${BENCH_STEPS:-20}"
PARITY_LIMIT_S="${PARITY_LIMIT_S:-90}"
REPORT="$OUT_DIR/device-check.txt"
LOG="$OUT_DIR/device-check.log"
mkdir -p "$OUT_DIR"
: >"$REPORT"
: >"$LOG"
START=$(date +%s)

say() { echo "$*" | tee -a "$REPORT"; }
elapsed() { echo $(($(date +%s) - START)); }
# run_step LIMIT_S NAME CMD...: the command's output goes to the log; returns its status. On a
# GPU no step runs past BUDGET_S + 60 s, so the run ends, with its report, before the call's limit.
run_step() {
  local limit=$1 name=$2
  shift 2
  local left=$((BUDGET_S + 60 - $(elapsed)))
  if [ -n "${DEVICE:-}" ] && [ "$left" -lt "$limit" ]; then limit=$((left > 10 ? left : 10)); fi
  echo "==== $name (at $(elapsed) s): $*" >>"$LOG"
  timeout --kill-after=10 "$limit" "$@" >>"$LOG" 2>&1
  local rc=$?
  echo "==== $name: rc $rc (at $(elapsed) s)" >>"$LOG"
  [ "$rc" -eq 124 ] && say "  $name: stopped after ${limit} s"
  return "$rc"
}

BUDGET_S="${BUDGET_S:-480}"
section() { sed -n "/^==== $1 (at /,/^==== $1: rc/p" "$LOG"; }  # one step's output in the log
# have_time N NAME: true when N more seconds fit the budget (GPU runs only); else says so.
have_time() {
  if [ -n "${DEVICE:-}" ] && [ $(($(elapsed) + $1)) -gt "$BUDGET_S" ]; then
    say "  $2: skipped, it would not fit the ${BUDGET_S} s budget (at $(elapsed) s)"
    return 1
  fi
}

say "HyperLoRA Studio device check, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo 'no git')"
say "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
if command -v nvidia-smi >/dev/null 2>&1; then
  say "GPU: $(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null | head -1)"
else
  say "GPU: no nvidia-smi"
fi

# The reference set and the diffusers sources: the variables, else what scripts/device-prepare.sh
# put in .device-carry/ (only the repository travels to a lent machine, not ../shared beside it).
CARRY="$ROOT/.device-carry"
if [ -z "${HYPERLORA_GOLDEN_DIR:-}" ]; then
  for g in "$CARRY/golden" "$ROOT/../shared/golden"; do
    if [ -f "$g/manifest.json" ]; then export HYPERLORA_GOLDEN_DIR="$g" && break; fi
  done
fi
GOLDEN_OK=0
if [ -f "${HYPERLORA_GOLDEN_DIR:-}/manifest.json" ]; then
  GOLDEN_OK=1
  cases="$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["cases"]))' \
    "$HYPERLORA_GOLDEN_DIR/manifest.json" 2>/dev/null || echo '?')"
  say "reference set: $HYPERLORA_GOLDEN_DIR, $cases cases"
else
  say "reference set: NONE (scripts/device-prepare.sh copies it into .device-carry/ for the run to carry);"
  say "  every parity case below is skipped, not passed"
fi
if [ -z "${DIFFUSERS_SRC:-}" ] && [ -f "$CARRY/diffusers.tar.gz" ]; then
  mkdir -p "$BUILD/diffusers-src"
  if tar -xzf "$CARRY/diffusers.tar.gz" -C "$BUILD/diffusers-src"; then
    DIFFUSERS_SRC="$BUILD/diffusers-src"
  else
    say "diffusers: the carried .device-carry/diffusers.tar.gz did not unpack"
  fi
fi

# 1. Configure and build against the wheel's libtorch.
PREFIX="${TORCH_PREFIX:-}"
if [ -z "$PREFIX" ] && command -v python3 >/dev/null 2>&1 &&
  python3 -c 'import torch' >/dev/null 2>&1; then
  PREFIX="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')"
  say "libtorch: the Python wheel's, torch $(python3 -c 'import torch; print(torch.__version__)'), $PREFIX"
else
  say "libtorch: ${PREFIX:-found by CMake without hints (no Python torch)}"
fi
CUDA_HINTS=()
# A toolkit in its usual place but not on the PATH: the wheel's CMake files look for nvcc there.
if ! command -v nvcc >/dev/null 2>&1 && [ -x /usr/local/cuda/bin/nvcc ]; then export PATH="/usr/local/cuda/bin:$PATH"; fi
if command -v nvcc >/dev/null 2>&1; then
  CUDA_HINTS=(-DCMAKE_CUDA_COMPILER="$(command -v nvcc)")
  say "CUDA toolkit: $(nvcc --version | tail -1)"
fi
t0=$(elapsed)
configure() {
  run_step 300 "$1" cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE="${DEVICE_BUILD_TYPE:-Release}" \
    -DHYPERLORA_TORCH_ONLY=ON ${PREFIX:+-DCMAKE_PREFIX_PATH="$PREFIX"} "${CUDA_HINTS[@]}" "${@:2}"
}
if ! configure configure; then
  # One more try with the usual remedies for a wheel's CMake files (the toolkit named, NVTX from
  # the toolkit, cuDNN not required at configure time, the arch given), so that a lease is not
  # lost to one of them; what failed first is in the report either way.
  say "configure: failed; its last lines:"
  section configure | tail -15 | sed 's/^/    /' | tee -a "$REPORT"
  RETRY=(-DUSE_SYSTEM_NVTX=ON -DCAFFE2_USE_CUDNN=OFF)
  if command -v nvcc >/dev/null 2>&1; then RETRY+=(-DCUDAToolkit_ROOT="$(dirname "$(dirname "$(command -v nvcc)")")"); fi
  rm -rf "$BUILD/CMakeCache.txt" "$BUILD/CMakeFiles"
  if ! TORCH_CUDA_ARCH_LIST="${TORCH_CUDA_ARCH_LIST:-9.0}" configure "configure again" "${RETRY[@]}"; then
    say "configure: FAILED again with ${RETRY[*]} (see $LOG)"
    section "configure again" | tail -30
    exit 1
  fi
  say "configure: passed on the second try, with ${RETRY[*]}"
fi
CXX_PATH="$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$BUILD/CMakeCache.txt")"
say "configure: $(grep -o 'libtorch [^ ]* from .*' "$LOG" | tail -1 | sed 's/ from [^,]*//'), $("${CXX_PATH:-c++}" --version | head -1)"
# Only what the check runs: the bench, the parity programs and the two CUDA unit tests (each
# test is a program of its own name), so the lease is not spent compiling the other unit tests.
TARGETS=(hyperlora-bench test_unet_graph test_steps_in_flight)
mapfile -t -O 3 TARGETS < <(cd "$BUILD" && ctest -L parity -N | awk '/Test +#[0-9]+:/ {print $3}')
if ! run_step "${BUILD_LIMIT_S:-360}" build cmake --build "$BUILD" -j "$JOBS" --target "${TARGETS[@]}"; then
  say "build: FAILED (see $LOG)"
  grep -m 20 -E "error|Error" "$LOG"
  exit 1
fi
say "build: torch-only, ${#TARGETS[@]} programs, $JOBS jobs, $(($(elapsed) - t0)) s"
BENCH="$BUILD/app/bench/hyperlora-bench"
CUDA_COUNT="$("$BENCH" --cuda-devices 2>/dev/null || echo 0)"
say "environment: $("$BENCH" --version) | CUDA devices seen by this build: $CUDA_COUNT"
if [ "$CUDA_COUNT" -gt 0 ] 2>/dev/null; then DEVICE=cuda; else DEVICE=""; fi

# 2. The parity suite, per dtype.
parity() {  # parity DEVICE DTYPE
  local t summary
  t=$(elapsed)
  (cd "$BUILD" && export HYPERLORA_TEST_DEVICE="$1" HYPERLORA_TEST_DTYPE="$2" &&
    run_step "$PARITY_LIMIT_S" "parity $1 $2" ctest -L parity -j "$JOBS" --output-on-failure)
  summary="$(section "parity $1 $2" | grep -m1 'tests passed')"
  skipped="$(section "parity $1 $2" | grep -c '\*\*\*Skipped')"
  say "  $1 $2: ${summary:-no summary}, $skipped skipped ($(($(elapsed) - t)) s)"
  section "parity $1 $2" | grep -E '\*\*\*Failed|Not Run|Timeout|\*\*\*Skipped' | sed 's/^/      /' >>"$REPORT"
}
say ""
say "Parity (Qt-free suite, fp32 references; fp16/bf16 tolerances: see tests/support/golden.h)"
if [ -n "$DEVICE" ]; then
  for dt in fp32 fp16 bf16; do parity cuda "$dt"; done
  # The UNet step's CUDA graph against the eager step (fp32 and fp16), then the graph logic;
  # the sampling loop's events behind queued work.
  t=$(elapsed)
  (cd "$BUILD" && export HYPERLORA_TEST_DEVICE=cuda &&
    run_step 120 "unet graph" ctest -R '^(test_unet_graph|test_steps_in_flight)$' --output-on-failure)
  say "  cuda graph of the UNet step, loop events: $(section "unet graph" | grep -m1 'tests passed' || echo 'no summary') ($(($(elapsed) - t)) s)"
  section "unet graph" | grep -E 'SKIP|FAIL|given up' | sed 's/^/      /' >>"$REPORT"
else
  say "  cuda fp32/fp16/bf16: no CUDA device"
  parity cpu fp32
  parity cpu fp16  # placed as on CUDA; needs libtorch >= 2 (skipped by name on 1.13)
fi

# 3. Benchmarks on full-size shapes.
say ""
say "Benchmarks (random full-size weights)"
BDEV="${DEVICE:-cpu}"
if [ -z "$DEVICE" ]; then
  say "  cuda rows: no CUDA device; the CPU rows below run at a reduced size to check the script"
  SIZE="${BENCH_SIZE:-256}"
  STEPS="${BENCH_STEPS:-2}"
fi
BDT=fp16
[ -z "$DEVICE" ] && BDT=bf16
# Step limits: a GPU run must fit its 8 minutes; the CPU stand-in only has to finish.
if [ -n "$DEVICE" ]; then LIM_IMAGE=240 LIM_ID=120 LIM_MERGE=150; else LIM_IMAGE=1200 LIM_ID=900 LIM_MERGE=900; fi
run_step "$LIM_IMAGE" "image bench" "$BENCH" --image --device "$BDEV" --sizes "$SIZE" --dtypes "$BDT" \
  --steps "$STEPS" --sampler dpmpp_2m --cfg 5 --images 2 --out "$REPORT" ||
  say "  image bench: FAILED (see $LOG)"
if [ -n "$DEVICE" ] && have_time 60 "image bench (no CUDA graph)"; then  # what the graph saves
  run_step 240 "image bench eager" "$BENCH" --image --device "$BDEV" --sizes "$SIZE" --dtypes "$BDT" \
    --steps "$STEPS" --sampler dpmpp_2m --cfg 5 --images 2 --cuda-graphs off --out "$REPORT" ||
    say "  image bench (no CUDA graph): FAILED (see $LOG)"
fi
if [ -n "$DEVICE" ] && have_time 60 "image bench (sequential)"; then  # the low-memory mode: peak VRAM
  run_step 240 "image bench sequential" "$BENCH" --image --device "$BDEV" --sizes "$SIZE" --dtypes "$BDT" \
    --steps "$STEPS" --sampler dpmpp_2m --cfg 5 --images 1 --memory sequential --out "$REPORT" ||
    say "  image bench (sequential): FAILED (see $LOG)"
fi
if have_time 20 "identity bench"; then
  if run_step "$LIM_ID" "identity bench" "$BENCH" --identity --device "$BDEV" --dtypes "$BDT" --repeats 5; then
    section "identity bench" | grep -E "^ +(stage|CLIP|IdProjector|LoRA|total|session)" |
      sed "s/^/  [identity $BDEV $BDT] /" >>"$REPORT"
  else
    say "  identity bench: FAILED (see $LOG)"
  fi
fi
if have_time 30 "remerge bench"; then
  if run_step "$LIM_MERGE" "remerge bench" "$BENCH" --remerge --device "$BDEV" --dtypes "$BDT" --repeats 5; then
    section "remerge bench" | grep -v "^====" | grep -E "synthesis|merge|same stack" | sed "s/^ */  [remerge $BDEV $BDT] /" >>"$REPORT"
  else
    say "  remerge bench: FAILED (see $LOG)"
  fi
fi
if have_time 20 "remerge runtime bench"; then  # LoRAs as terms beside the layers: a slider move
  if run_step "$LIM_MERGE" "remerge runtime bench" "$BENCH" --remerge --lora-apply runtime --device "$BDEV" --dtypes "$BDT" --repeats 5; then
    section "remerge runtime bench" | grep -E "run time|same stack" | sed "s/^ */  [run-time LoRA $BDEV $BDT] /" >>"$REPORT"
  else
    say "  remerge runtime bench: FAILED (see $LOG)"
  fi
fi

# 4. diffusers, same workload, same run.
say ""
if [ -z "${DIFFUSERS_SRC:-}" ]; then
  say "diffusers: not run (set DIFFUSERS_SRC to a diffusers source tree)"
elif have_time 60 "diffusers"; then
  if run_step 240 "diffusers" python3 "$ROOT/scripts/diffusers-bench.py" --src "$DIFFUSERS_SRC" \
    --device "$BDEV" --dtype "$BDT" --size "$SIZE" --steps "$STEPS" --cfg 5 --images 2; then
    section diffusers | grep '^diffusers' | sed 's/^/  /' | tee -a "$REPORT"
    # The first image row (resident, CUDA graph on); its 11th column is the best image's seconds.
    ours="$(grep -E "^  $BDT +$SIZE +[0-9]" "$REPORT" | head -1 | awk '{print $11}')"
    theirs="$(grep '^  diffusers image s' "$REPORT" | tail -1 | awk '{print $NF}')"
    if [ -n "$ours" ] && [ -n "$theirs" ]; then
      say "  ratio diffusers / engine, whole image: $(awk -v a="$theirs" -v b="$ours" 'BEGIN {printf "%.2f", a / b}')x"
    fi
  else
    say "  diffusers: FAILED (import or run; see the end of $LOG), the rest stands"
    section diffusers | tail -6 | sed 's/^/    /' >>"$REPORT"
  fi
fi
say ""
[ "$GOLDEN_OK" = 1 ] || say "parity NOT checked: no reference set was found (scripts/device-prepare.sh)"
say "device check done in $(elapsed) s; figures in $REPORT, full output in $LOG"
# The whole report once more on standard output, so the end of a run's output carries every figure
# even where the files do not come back.
echo
echo "==== $REPORT"
cat "$REPORT"
