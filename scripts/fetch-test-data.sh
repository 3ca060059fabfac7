#!/usr/bin/env bash
# Fetches the real face models and photos the `faces` tests run on, into DEST (default
# build/test-data), verifying pinned sha256 sums. Nothing here is committed or shipped:
#   - faceplugin-face-recognition-js@0.0.1 (npm): fr_detect / fr_landmark / fr_feature ONNX files,
#     a stand-in detector, 68-point landmarker and 512-d ArcFace-style embedder for tests only;
#   - astronaut.png (python3-skimage), grace_hopper.jpg (python-matplotlib-data) and dlib's
#     bald_guys.jpg (libdlib19.1 or 19.2), extracted from Debian packages without installing them.
# Idempotent: files already present with the right hash are kept. Exit 0 when all are in place.
set -euo pipefail
DEST="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/test-data}"
mkdir -p "$DEST"
declare -A SHA=(
  [fr_detect.onnx]=6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854
  [fr_landmark.onnx]=f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258
  [fr_feature.onnx]=87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581
  [astronaut.png]=88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5
  [grace_hopper.jpg]=a8ca6d734765703b09728ab47fe59f473d93ae3967fc24c7c0288c3c7adb7130
  [bald_guys.jpg]=e0c40697dbd9a07684274f71760bc5161468e926ba75ff90d48b168019402e8b
)
ok() { [ -f "$DEST/$1" ] && [ "$(sha256sum "$DEST/$1" | cut -d' ' -f1)" = "${SHA[$1]}" ]; }
# Copies SRC in as NAME only when its sum is the pinned one, so a file in DEST is always the
# expected one and the tests can go by presence (another release's photo is not taken).
take() {
  if [ "$(sha256sum "$1" | cut -d' ' -f1)" = "${SHA[$2]}" ]; then cp "$1" "$DEST/$2"
  else echo "fetch-test-data: $1 is not the pinned $2; not taken" >&2; fi
}
missing=0
# A file left with another sum (an older fetch) goes, so that presence keeps meaning "verified".
for f in "${!SHA[@]}"; do ok "$f" || { rm -f "$DEST/$f"; missing=1; }; done
[ $missing -eq 0 ] && { echo "fetch-test-data: all files present in $DEST"; exit 0; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
if ! ok fr_detect.onnx || ! ok fr_landmark.onnx || ! ok fr_feature.onnx; then
  npm pack --silent faceplugin-face-recognition-js@0.0.1 >/dev/null
  tar -xzf faceplugin-face-recognition-js-0.0.1.tgz package/model/fr_detect.onnx \
      package/model/fr_landmark.onnx package/model/fr_feature.onnx
  for f in fr_detect.onnx fr_landmark.onnx fr_feature.onnx; do take "package/model/$f" "$f"; done
fi
if ! ok astronaut.png || ! ok grace_hopper.jpg || ! ok bald_guys.jpg; then
  # dlib's package is libdlib19.1 on Debian 12 and libdlib19.2 on Debian 13.
  dlib="$(apt-cache pkgnames libdlib19 2>/dev/null | sort | tail -1)"
  [ -n "$dlib" ] || { apt-get update -q >/dev/null 2>&1; dlib="$(apt-cache pkgnames libdlib19 | sort | tail -1)"; }
  apt-get download python3-skimage python-matplotlib-data "$dlib" >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null 2>&1 && apt-get download python3-skimage python-matplotlib-data "$dlib" >/dev/null 2>&1; }
  for d in *.deb; do dpkg-deb -x "$d" x; done
  for f in astronaut.png grace_hopper.jpg bald_guys.jpg; do
    found="$(find x -name "$f" -type f | head -1)"
    [ -z "$found" ] || take "$found" "$f"
  done
fi
for f in "${!SHA[@]}"; do
  ok "$f" || { echo "fetch-test-data: $f is missing or has the wrong sha256" >&2; exit 1; }
done
echo "fetch-test-data: fetched into $DEST"
