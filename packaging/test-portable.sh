#!/usr/bin/env bash
# Unpacks the portable bundle into a fresh Debian 12 root made with debootstrap that has only what
# a desktop provides (GL, X11, fonts; no -dev package, no Qt, no libtorch, no OpenCV), runs the CLI
# (version, demo pack, a demo generation) and the studio (offscreen smoke start), then deletes the
# folder and checks nothing of the bundle is left. Needs root and the Debian mirror the host uses.
# Usage: packaging/test-portable.sh BUNDLE.tar.gz|FOLDER [WORKDIR]
set -euo pipefail
TARBALL="$(readlink -f "$1")"
if [ -d "$TARBALL" ]; then TARBALL="$(ls "$TARBALL"/*.tar.gz | head -1)"; fi
WORK="${2:-$(mktemp -d)}"
source "$(dirname "${BASH_SOURCE[0]}")/debootstrap-root.sh"
run apt-get update -q > /dev/null
# The desktop basics the bundle leaves to the system (packaging/make-portable.sh, system_lib).
run apt-get install -y -q --no-install-recommends libgl1 libegl1 libopengl0 libx11-6 libx11-xcb1 libxcb1 \
    libfontconfig1 libfreetype6 zlib1g libexpat1 libdrm2 libgbm1 > "$WORK/install.log" 2>&1 ||
  { tail -30 "$WORK/install.log"; exit 1; }
dev="$(run dpkg-query -W -f '${Package}\n' | grep -E -- '-dev$|^libqt|^libtorch|^libopencv|^qt6' || true)"
if [ -n "$dev" ]; then echo "the clean root has packages it must not have: $dev"; exit 1; fi
mkdir -p "$ROOT/opt/portable"
tar -C "$ROOT/opt/portable" -xzf "$TARBALL"
APP="$(cd "$ROOT/opt/portable" && ls -d hyperlora-studio-*)"
run "/opt/portable/$APP/hyperlora-cli" --version
run "/opt/portable/$APP/hyperlora-cli" make-demo-pack /tmp/pack > /dev/null
run "/opt/portable/$APP/hyperlora-cli" generate --model /tmp/pack --prompt "a smoke test" --width 64 --height 64 \
    --steps 2 --seed 1 --out /tmp/out.png 2> "$WORK/generate.log" || { cat "$WORK/generate.log"; exit 1; }
run test -s /tmp/out.png
set +e
run /usr/bin/timeout 8 /usr/bin/env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp "/opt/portable/$APP/hyperlora-studio" \
    --models /tmp/pack > "$WORK/studio.log" 2>&1
status=$?
set -e
if [ $status -ne 124 ]; then echo "hyperlora-studio exited with $status:"; cat "$WORK/studio.log"; exit 1; fi
# "Uninstall": the folder goes, and nothing of the bundle is anywhere else in the root.
rm -rf "$ROOT/opt/portable/$APP"
if find "$ROOT/usr" "$ROOT/etc" "$ROOT/opt" -name 'hyperlora*' | grep -q .; then
  echo "left behind:"; find "$ROOT/usr" "$ROOT/etc" "$ROOT/opt" -name 'hyperlora*'; exit 1
fi
remove_root
echo "portable bundle test passed: ran the CLI and the studio in a root without -dev packages, Qt, libtorch or OpenCV"
