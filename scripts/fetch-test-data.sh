#!/usr/bin/env bash
# Fetches the real face models and photos the `faces` tests run on, into DEST (default
# build/test-data), verifying pinned sha256 sums. Nothing here is committed or shipped:
#   - faceplugin-face-recognition-js@0.0.1 (npm): fr_detect / fr_landmark / fr_feature ONNX files,
#     a stand-in detector, 68-point landmarker and 512-d ArcFace-style embedder for tests only;
#   - astronaut.png (python3-skimage), grace_hopper.jpg (python-matplotlib-data) and dlib's
#     bald_guys.jpg (libdlib19.1 or 19.2), extracted from Debian packages without installing them.
# Idempotent: files already present with the right hash are kept. Exit 0 when all are in place.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${1:-$REPO/build/test-data}"
mkdir -p "$DEST"
# The one list of the face test data and its pinned sums. Its copy in DEST is what the tests
# check presence against (every file named there); no copy means no fetch ran.
MANIFEST="$REPO/tests/faces/face-data.sha256"
declare -A SHA=()
while read -r sum name; do [ -n "$name" ] && SHA[$name]=$sum; done <"$MANIFEST"
cp "$MANIFEST" "$DEST/face-data.sha256"
ok() { [ -f "$DEST/$1" ] && [ "$(sha256sum "$DEST/$1" | cut -d' ' -f1)" = "${SHA[$1]}" ]; }
# Copies SRC in as NAME only when its sum is the pinned one, so a file in DEST is always the
# expected one and the tests can go by presence (another release's photo is not taken).
take() {
  if [ "$(sha256sum "$1" | cut -d' ' -f1)" = "${SHA[$2]}" ]; then cp "$1" "$DEST/$2"
  else echo "fetch-test-data: $1 is not the pinned $2; not taken" >&2; fi
}
# What is not in place yet: the list's models come from the npm package, its photos from the
# Debian packages. A file left with another sum (an older fetch) goes, so that presence keeps
# meaning "verified".
models=() photos=()
for f in "${!SHA[@]}"; do
  ok "$f" && continue
  rm -f "$DEST/$f"
  case "$f" in *.onnx) models+=("$f") ;; *) photos+=("$f") ;; esac
done
[ $((${#models[@]} + ${#photos[@]})) -eq 0 ] && { echo "fetch-test-data: all files present in $DEST"; exit 0; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
if [ ${#models[@]} -gt 0 ]; then
  npm pack --silent faceplugin-face-recognition-js@0.0.1 >/dev/null
  tar -xzf faceplugin-face-recognition-js-0.0.1.tgz "${models[@]/#/package/model/}"
  for f in "${models[@]}"; do take "package/model/$f" "$f"; done
fi
if [ ${#photos[@]} -gt 0 ]; then
  # dlib's package is libdlib19.1 on Debian 12 and libdlib19.2 on Debian 13.
  dlib="$(apt-cache pkgnames libdlib19 2>/dev/null | sort | tail -1)"
  [ -n "$dlib" ] || { apt-get update -q >/dev/null 2>&1; dlib="$(apt-cache pkgnames libdlib19 | sort | tail -1)"; }
  apt-get download python3-skimage python-matplotlib-data "$dlib" >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null 2>&1 && apt-get download python3-skimage python-matplotlib-data "$dlib" >/dev/null 2>&1; }
  for d in *.deb; do dpkg-deb -x "$d" x; done
  for f in "${photos[@]}"; do
    found="$(find x -name "$f" -type f | head -1)"
    [ -z "$found" ] || take "$found" "$f"
  done
fi
# take() copied only files with the pinned sum, so presence is the check.
for f in "${!SHA[@]}"; do
  [ -f "$DEST/$f" ] || { echo "fetch-test-data: $f is missing (no source had its pinned sha256)" >&2; exit 1; }
done
echo "fetch-test-data: fetched into $DEST"
