#!/usr/bin/env bash
# Builds the portable Linux bundle: hyperlora-studio-VERSION-linux-ARCH.tar.gz with the two
# programs, every library they need that a Debian 12 desktop does not have by itself (Qt and its
# plugins, libtorch, OpenBLAS, OpenCV, QCustomPlot and their dependencies), $ORIGIN RPATHs, qt.conf
# and launcher scripts. Unpack anywhere and run ./hyperlora-studio.
# Usage: packaging/make-portable.sh [BUILD_DIR] [OUT_DIR]
set -euo pipefail
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$(readlink -f "${1:-$SRC/build}")"
OUT="$(mkdir -p "${2:-$BUILD/portable}" && cd "${2:-$BUILD/portable}" && pwd)"
VERSION="$("$BUILD/app/hyperlora-cli" --version | awk '{print $NF}')"
NAME="hyperlora-studio-$VERSION-linux-$(uname -m)"
STAGE="$OUT/$NAME"
rm -rf "$STAGE" "$OUT/$NAME.tar.gz"
mkdir -p "$STAGE/bin" "$STAGE/lib" "$STAGE/plugins" "$STAGE/share"

# What a desktop system provides and must not be replaced: the C runtime (tied to the kernel and
# loader), the C++ runtime, the GL stack (tied to the graphics driver), X11/xcb core, fonts, zlib.
system_lib() {
  case "$1" in
    linux-vdso.so*|ld-linux*|libc.so*|libm.so*|libdl.so*|libpthread.so*|librt.so*|libresolv.so*|\
    libutil.so*|libanl.so*|libmvec.so*|libnss_*|libstdc++.so*|libgcc_s.so*|\
    libGL.so*|libEGL.so*|libGLX.so*|libGLdispatch.so*|libOpenGL.so*|libdrm.so*|libgbm.so*|\
    libX11.so*|libX11-xcb.so*|libxcb.so.1*|libfontconfig.so*|libfreetype.so*|libz.so*|libexpat.so*)
      return 0 ;;
  esac
  return 1
}

cp "$BUILD/app/hyperlora-studio" "$BUILD/app/hyperlora-cli" "$STAGE/bin/"
QT_PLUGINS="$(qtpaths6 --query QT_INSTALL_PLUGINS)"
for p in platforms/libqxcb.so platforms/libqoffscreen.so platforms/libqminimal.so \
         xcbglintegrations imageformats iconengines sqldrivers/libqsqlite.so platforminputcontexts; do
  mkdir -p "$STAGE/plugins/$(dirname "$p")"
  cp -r "$QT_PLUGINS/$p" "$STAGE/plugins/$(dirname "$p")/"
done

# The dependency closure of every program and plugin, copied under the names the loader asks for.
queue=("$STAGE"/bin/* $(find "$STAGE/plugins" -name '*.so'))
declare -A seen=()
while [ ${#queue[@]} -gt 0 ]; do
  elf="${queue[0]}"
  queue=("${queue[@]:1}")
  while read -r name path; do
    [ -n "$path" ] || continue
    if [ "$path" = "not" ]; then echo "make-portable: $elf needs $name, which is not installed" >&2; exit 1; fi
    system_lib "$name" && continue
    [ -n "${seen[$name]:-}" ] && continue
    seen[$name]=1
    cp -L "$path" "$STAGE/lib/$name"
    chmod u+w "$STAGE/lib/$name"
    queue+=("$STAGE/lib/$name")
  done < <(ldd "$elf" | awk '/=>/{print $1, $3}')
done

# Each file finds the bundled libraries relative to itself.
patchelf --set-rpath '$ORIGIN/../lib' "$STAGE"/bin/*
for f in "$STAGE"/lib/*; do patchelf --set-rpath '$ORIGIN' "$f"; done
find "$STAGE/plugins" -name '*.so' -exec patchelf --set-rpath '$ORIGIN/../../lib' {} \;
printf '[Paths]\nPrefix=..\nPlugins=plugins\n' > "$STAGE/bin/qt.conf"

for prog in hyperlora-studio hyperlora-cli; do
  cat > "$STAGE/$prog" <<LAUNCHER
#!/bin/sh
# Portable launcher: runs the bundled $prog with its own libraries and Qt plugins.
HERE="\$(dirname "\$(readlink -f "\$0")")"
exec "\$HERE/bin/$prog" "\$@"
LAUNCHER
  chmod +x "$STAGE/$prog"
done
cp "$SRC/LICENSE" "$SRC/packaging/THIRD-PARTY-NOTICES.md" "$STAGE/"
cp "$SRC/resources/icons/hyperlora-studio.svg" "$STAGE/share/"
cat > "$STAGE/README.txt" <<'TEXT'
HyperLoRA Studio, portable Linux bundle (Debian 12 or newer, x86-64).

Run ./hyperlora-studio (the desktop app) or ./hyperlora-cli (headless). Nothing is installed;
delete the folder to remove it. The system must provide the C and C++ runtimes, OpenGL/EGL,
X11 (libX11, libxcb), fontconfig and freetype, as every desktop does.

No model weights are included. Bring your own SDXL checkpoint, the HyperLoRA weights
(CC BY-NC 4.0), CLIP ViT-L/14 and insightface's antelopev2 face models (non-commercial
research licence). See LICENSE and THIRD-PARTY-NOTICES.md for the bundled libraries' licences.
TEXT

# Every library a bundled file names (DT_NEEDED) is in the bundle or is a system library.
for f in "$STAGE"/bin/hyperlora-* "$STAGE"/lib/* $(find "$STAGE/plugins" -name '*.so'); do
  for n in $(patchelf --print-needed "$f"); do
    system_lib "$n" || [ -e "$STAGE/lib/$n" ] ||
      { echo "make-portable: $f needs $n, which the bundle lacks" >&2; exit 1; }
  done
done
tar -C "$OUT" -czf "$OUT/$NAME.tar.gz" "$NAME"
rm -rf "$STAGE"  # the archive is the product
echo "$OUT/$NAME.tar.gz"
