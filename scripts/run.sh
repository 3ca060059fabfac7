#!/usr/bin/env bash
# Command 1: install what is needed, build, create the demo model pack if missing and start
# HyperLoRA Studio on it. Extra arguments go to hyperlora-studio (e.g. --models DIR).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
hl_install_deps
hl_build
DEMO_DIR="${HYPERLORA_DEMO_DIR:-$HOME/.local/share/hyperlora-studio/demo-pack}"
if [ ! -f "$DEMO_DIR/hyperlora-demo-pack.json" ]; then
  "$BUILD_DIR/app/hyperlora-cli" make-demo-pack "$DEMO_DIR"
fi
if [ $# -eq 0 ]; then set -- --models "$DEMO_DIR"; fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "run.sh: no display found; starting under Xvfb (xvfb-run)" >&2
  exec xvfb-run -a -s "-screen 0 1400x900x24" "$BUILD_DIR/app/hyperlora-studio" "$@"
fi
exec "$BUILD_DIR/app/hyperlora-studio" "$@"
