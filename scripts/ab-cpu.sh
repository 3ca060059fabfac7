#!/usr/bin/env bash
# One A/B run on this machine: hyperlora-bench (A) then diffusers (B) for each workload, the
# UNet alone and whole images, every log under OUT (default build/ab-cpu). Needs the diffusers
# environment of scripts/diffusers-env.sh (DIFFUSERS_SITE, default build/diffusers-env/site).
#
#   scripts/ab-cpu.sh [BUILD_DIR]
#
# STEPS_512 / STEPS_1024 (default 20 / 4) set the sampling steps of the whole images.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
OUT=${OUT:-$BUILD/ab-cpu}
SITE=${DIFFUSERS_SITE:-$BUILD/diffusers-env/site}
BENCH=$BUILD/app/bench/hyperlora-bench
DIFF=(/usr/bin/python3 "$ROOT/scripts/diffusers-bench.py" --src "$SITE")
mkdir -p "$OUT"
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$OUT/driver.log"; }
run() {  # name command...
  local name=$1
  shift
  log "start $name"
  /usr/bin/time -v "$@" >"$OUT/$name.log" 2>"$OUT/$name.time"
  log "end $name rc $? ($(grep -m1 'Maximum resident' "$OUT/$name.time" | awk '{print $NF}') kB max RSS)"
}
log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
run A_unet_bf16 "$BENCH" --dtypes bf16 --sizes 32,64 --batches 1,2 --repeats 2
run B_unet_bf16 "${DIFF[@]}" --dtype bf16 --unet-only --latents 32,64 --batches 1,2 --repeats 2
run A_unet_bf16_128 "$BENCH" --unet-only --dtypes bf16 --sizes 128 --batches 1,2 --repeats 2
run A_unet_fp32 "$BENCH" --unet-only --dtypes fp32 --sizes 32,64 --batches 2 --repeats 2
run B_unet_fp32 "${DIFF[@]}" --dtype fp32 --unet-only --latents 32,64 --batches 2 --repeats 2
run A_image_512 "$BENCH" --image --sizes 512 --steps "${STEPS_512:-20}" --dtypes bf16 --images 1
run B_image_512 "${DIFF[@]}" --dtype bf16 --size 512 --steps "${STEPS_512:-20}" --images 1
run A_image_1024 "$BENCH" --image --sizes 1024 --steps "${STEPS_1024:-4}" --dtypes bf16 --images 1
run B_image_1024 "${DIFF[@]}" --dtype bf16 --size 1024 --steps "${STEPS_1024:-4}" --images 1
log "done"
