#!/usr/bin/env bash
# Command 2: install what is needed, build, run the whole test suite (GUI tests offscreen).
# Extra arguments go to ctest, e.g. ./scripts/test.sh -L parity
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
hl_install_deps
hl_build
export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
cd "$BUILD_DIR"
ctest --output-on-failure -j "$JOBS" "$@"
