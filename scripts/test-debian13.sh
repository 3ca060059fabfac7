#!/usr/bin/env bash
# The project on Debian 13 (trixie) and libtorch 2.x, in a debootstrap root (never the host):
#   cpu   the whole project built against trixie's libtorch 2.6 (Qt 6.8, OpenCV 4.10), the whole
#         test suite but the package tests run in the root (parity on the SDPA attention path),
#         the parity suite once more in fp16 (the networks placed as on CUDA),
#         then the .deb built there is installed, run and purged in a second, fresh trixie root;
#   cuda  a compile-and-link check of the torch-only CUDA build against libtorch-cuda-dev 2.6
#         (contrib, CUDA 12, with its non-free CUDA libraries). Its dependency nvidia-cudnn is a vendor downloader that cannot work
#         offline, so an empty stand-in package of that name is installed in its place; libcudnn
#         is then absent, so the executables link with --allow-shlib-undefined and are not run.
# Usage: scripts/test-debian13.sh [cpu|cuda|all] [WORKDIR]   (default all, /var/tmp/hyperlora-d13)
# WORKDIR keeps a ccache between runs; REUSE_ROOT=1 reuses its root if an earlier run completed
# the install step. Needs root (debootstrap, chroot) and the Debian mirror.
set -euo pipefail
MODE="${1:-all}"
D13="${2:-/var/tmp/hyperlora-d13}"
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="$(cd "$SRC/.." && pwd)/shared"
case "$MODE" in cpu | cuda | all) ;; *) echo "usage: $0 [cpu|cuda|all] [WORKDIR]" >&2; exit 2 ;; esac
mkdir -p "$D13/ccache"
T0=$(date +%s)
stamp() { echo "[test-debian13 $(($(date +%s) - T0)) s] $*"; }

SUITE=trixie COMPONENTS=main,contrib,non-free WORK="$D13/build-root"
source "$SRC/packaging/debootstrap-root.sh"
stamp "root made"
build_workspace "$SRC" "$SHARED" "$D13/ccache"
install_deps_in_root "$D13/install-deps.log"
stamp "install-deps.sh done in the root: $(inroot 'dpkg-query -W -f="\${Version}" libtorch-dev') libtorch, $(inroot 'dpkg-query -W -f="\${Version}" qt6-base-dev') Qt"

if [ "$MODE" != cuda ]; then
  inroot 'cmake -S /work/src -B /work/build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/work/configure.log &&
          cmake --build /work/build -j "$JOBS" -- -k 0 >/work/build.log 2>&1' ||
    { tail -n 40 "$ROOT/work/build.log" "$ROOT/work/configure.log" 2>/dev/null; exit 1; }
  stamp "built against $(grep -o 'libtorch [0-9.]*' "$ROOT/work/configure.log" | head -1)"
  set +e
  inroot 'cd /work/build && QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp ctest -LE package -j "$JOBS" --output-on-failure' \
    >"$D13/ctest.log" 2>&1
  rc=$?
  set -e
  grep -E "tests passed|Failed|\*\*\*Skipped|Not Run" "$D13/ctest.log" | tail -25
  [ $rc -eq 0 ] || { echo "the test suite failed on Debian 13 (see $D13/ctest.log)"; exit 1; }
  stamp "test suite passed"
  # fp16 numerics against the fp32 references, the networks placed as on CUDA (libtorch >= 2
  # has the CPU kernels): the GPU's fp16 row, checked without a GPU.
  inroot 'cd /work/build && HYPERLORA_TEST_DTYPE=fp16 ctest -L parity -j "$JOBS" --output-on-failure' \
    >"$D13/ctest-fp16.log" 2>&1 || { tail -n 40 "$D13/ctest-fp16.log"; echo "fp16 parity failed on Debian 13"; exit 1; }
  if grep -q '\*\*\*Skipped' "$D13/ctest-fp16.log"; then
    grep '\*\*\*Skipped' "$D13/ctest-fp16.log"
    echo "fp16 parity skipped tests on libtorch 2.x, where it must run them"
    exit 1
  fi
  stamp "fp16 parity passed: $(grep -m1 'tests passed' "$D13/ctest-fp16.log")"
  inroot 'cd /work/build && cpack -G DEB -B /work/build/package >/work/cpack.log 2>&1' || { tail -20 "$ROOT/work/cpack.log"; exit 1; }
  mkdir -p "$D13/deb"
  rm -f "$D13/deb"/*.deb
  cp "$ROOT"/work/build/package/*.deb "$D13/deb/"
  stamp "package: $(basename "$D13"/deb/*.deb)"
fi

if [ "$MODE" != cpu ]; then
  rm -f "$ROOT/.complete"  # from here on the root has the CUDA libtorch: never reused for cpu
  # The stand-in for the downloader: a package of the same name that carries nothing.
  inroot 'set -e; d=$(mktemp -d); mkdir -p $d/DEBIAN
          printf "Package: nvidia-cudnn\nVersion: 99:0-stand-in\nArchitecture: amd64\nMaintainer: test-debian13 <none>\nDescription: empty stand-in for the offline compile-and-link check\n" >$d/DEBIAN/control
          dpkg-deb --build $d /tmp/nvidia-cudnn-stand-in.deb >/dev/null && dpkg -i /tmp/nvidia-cudnn-stand-in.deb >/dev/null'
  inroot 'apt-get install -y -q --no-install-recommends libtorch-cuda-dev nvidia-cuda-toolkit' >"$D13/cuda-install.log" 2>&1 ||
    { tail -30 "$D13/cuda-install.log"; exit 1; }
  stamp "libtorch-cuda-dev $(inroot 'dpkg-query -W -f="\${Version}" libtorch-cuda-dev') with CUDA $(inroot 'nvcc --version | tail -1')"
  inroot 'cmake -S /work/src -B /work/build-cuda -G Ninja -DCMAKE_BUILD_TYPE=Release -DHYPERLORA_TORCH_ONLY=ON \
            -DCMAKE_EXE_LINKER_FLAGS=-Wl,--allow-shlib-undefined >/work/configure-cuda.log 2>&1 &&
          cmake --build /work/build-cuda -j "$JOBS" >/work/build-cuda.log 2>&1' ||
    { tail -n 40 "$ROOT/work/configure-cuda.log" "$ROOT/work/build-cuda.log"; exit 1; }
  grep -q "HL_BENCH_CUDA" "$ROOT/work/build-cuda/build.ninja" ||
    { echo "the CUDA build did not see c10_cuda (a CPU libtorch was found)"; exit 1; }
  inroot 'ldd /work/build-cuda/app/bench/hyperlora-bench | grep -E "torch_cuda|c10_cuda|cudart|not found"' | sed 's/^/  /'
  inroot 'test -x /work/build-cuda/tests/test_unet && ldd /work/build-cuda/tests/test_unet | grep -q torch_cuda'
  stamp "CUDA torch-only build compiled and linked ($(grep -c '^build .*\.o:' "$ROOT/work/build-cuda/build.ninja") objects)"
fi
remove_root

if [ "$MODE" != cuda ]; then
  SUITE=trixie "$SRC/packaging/test-deb-install.sh" "$D13/deb" "$D13/deb-install"
  stamp "the Debian 13 package installed, ran and purged in a fresh trixie root"
fi
stamp "Debian 13 check ($MODE) passed"
