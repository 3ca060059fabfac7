#!/usr/bin/env bash
# Installs every build, run and test dependency of HyperLoRA Studio on Debian 12 (bookworm),
# Debian 13 (trixie; scripts/test-debian13.sh runs it there) or Debian testing/unstable
# (scripts/test-debian-unstable.sh full).
# Idempotent: when everything is already present it returns in about a second.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config file dpkg-dev
  qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6sql6-sqlite libqcustomplot-dev
  libtorch-dev libopenblas0-pthread libdnnl-dev
  libopencv-dev libonnx-dev
  xvfb xauth imagemagick fonts-dejavu-core fonts-noto-cjk
  nsis debootstrap patchelf
  clang
)
# The package names are the same on every release but two: from Debian 13 on, the fuzzer runtime
# comes apart from clang and the Qt SVG plugins (the icons) apart from libqt6svg6. Debian
# testing/unstable (forky/sid, no VERSION_ID) has an unversioned fuzzer runtime package.
. /etc/os-release 2>/dev/null || true
if [ "${VERSION_ID:-}" = "13" ]; then
  PACKAGES+=(libclang-rt-19-dev qt6-svg-plugins)
elif [ "${ID:-}" = debian ] && [ -z "${VERSION_ID:-}" ]; then
  PACKAGES+=(libclang-rt-dev qt6-svg-plugins)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# npm fetches the test-only face models (scripts/fetch-test-data.sh); any npm will do, so Debian's
# is installed only when none is on the PATH (a Node.js from elsewhere may already be there).
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get -o DPkg::Lock::Timeout=900 update -q
$SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends "${missing[@]}"
