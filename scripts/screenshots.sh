#!/usr/bin/env bash
# Renders a screenshot of every main view of the studio into DIR (default build/screenshots),
# in a real X server (Xvfb): the Models tab, the Generate tab after two generations, the Compare
# tab in split view, the Generate tab with identities A and B, and the Edit tab (inpainting mask,
# ControlNet with its preview). Uses the demo pack and, for
# the identity view, the test-only face models of scripts/fetch-test-data.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${BUILD_DIR:-$ROOT/build}"
OUT="$(mkdir -p "${1:-$BUILD/screenshots}" && cd "${1:-$BUILD/screenshots}" && pwd)"
"$ROOT/scripts/fetch-test-data.sh" "$BUILD/test-data" >/dev/null
export HYPERLORA_SCREENSHOT_DIR="$OUT" HYPERLORA_FACE_DATA="$BUILD/test-data" HYPERLORA_QM_DIR="$BUILD/app" QT_QPA_PLATFORM=xcb
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
xvfb-run -a -s "-screen 0 1400x900x24" "$BUILD/tests/test_gui_main_window" >/dev/null
xvfb-run -a -s "-screen 0 1400x900x24" "$BUILD/tests/test_gui_identity" >/dev/null
xvfb-run -a -s "-screen 0 1400x900x24" "$BUILD/tests/test_gui_edit" >/dev/null
ls -1 "$OUT"/*.png
